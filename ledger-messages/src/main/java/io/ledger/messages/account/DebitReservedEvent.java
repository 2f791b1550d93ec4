package io.ledger.messages.account;

import io.ledger.messages.common.Money;

/** Funds are held on the debtor: pendingDebits rose by amount. */
public record DebitReservedEvent(String accountId, String paymentId, Money amount) {
}
