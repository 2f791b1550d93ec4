package io.ledger.messages.account;

/** The account takes no new holds until unfrozen. */
public record AccountFrozenEvent(String accountId, String reason) {
}
