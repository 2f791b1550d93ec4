package io.ledger.messages.account;

/** The account takes holds again. */
public record AccountUnfrozenEvent(String accountId) {
}
