package io.ledger.messages.account;

/** Accounts ordered by id, filtered by any of owner, status and type; keyset pagination from an opaque cursor. */
public record ListAccountsQuery(String ownerId, AccountStatus status, AccountType type, String cursor, int limit) {
}
