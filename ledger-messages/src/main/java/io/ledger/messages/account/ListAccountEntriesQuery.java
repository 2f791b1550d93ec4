package io.ledger.messages.account;

/** Statement lines of one account, oldest first, keyset pagination from an opaque cursor. */
public record ListAccountEntriesQuery(String accountId, String cursor, int limit) {
}
