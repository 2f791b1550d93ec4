package io.ledger.messages.payment;

/** The original payment is REVERSED: its money went back. */
public record PaymentReversedEvent(String paymentId, String reversalPaymentId) {
}
