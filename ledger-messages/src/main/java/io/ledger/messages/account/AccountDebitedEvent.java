package io.ledger.messages.account;

import io.ledger.messages.common.Money;

/** A payment's debit is posted: posted fell by amount. */
public record AccountDebitedEvent(String accountId, String paymentId, Money amount) {
}
