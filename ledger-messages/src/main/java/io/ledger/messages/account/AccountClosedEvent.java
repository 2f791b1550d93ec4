package io.ledger.messages.account;

/** Final: the account takes nothing more. */
public record AccountClosedEvent(String accountId) {
}
