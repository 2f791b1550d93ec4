package io.ledger.messages.account;

import io.ledger.messages.common.Money;

/** A payment's credit is posted: posted rose by amount. */
public record AccountCreditedEvent(String accountId, String paymentId, Money amount) {
}
