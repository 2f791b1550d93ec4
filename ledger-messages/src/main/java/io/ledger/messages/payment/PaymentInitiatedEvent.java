package io.ledger.messages.payment;

import io.ledger.messages.common.Money;

/** A payment exists, PENDING; the saga starts here. reversalOf names the payment this one reverses, if any. */
public record PaymentInitiatedEvent(String paymentId, String debtorAccountId, String creditorAccountId, Money amount, String remittanceInfo, String idempotencyKey, String requestFingerprint, String initiatedBy, String reversalOf) {
}
