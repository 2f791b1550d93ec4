package io.ledger.messages.payment;

/** The original payment stays SETTLED and may be reversed again. */
public record PaymentReversalFailedEvent(String paymentId, String reversalPaymentId, String reason) {
}
