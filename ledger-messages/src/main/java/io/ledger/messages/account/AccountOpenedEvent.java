package io.ledger.messages.account;

import io.ledger.messages.common.Money;

/** An account exists from here on, ACTIVE, with zero balances. */
public record AccountOpenedEvent(String accountId, String ownerId, String currency, AccountType type, Money overdraftLimit) {
}
