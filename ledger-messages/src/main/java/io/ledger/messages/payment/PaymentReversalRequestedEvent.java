package io.ledger.messages.payment;

/** The original payment has a reversal in progress; no second one may start. */
public record PaymentReversalRequestedEvent(String paymentId, String reversalPaymentId, String requestedBy) {
}
