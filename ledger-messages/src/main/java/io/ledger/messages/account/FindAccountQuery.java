package io.ledger.messages.account;

/** One account view, or none. */
public record FindAccountQuery(String accountId) {
}
