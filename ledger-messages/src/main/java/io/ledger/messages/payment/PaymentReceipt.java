package io.ledger.messages.payment;

/** What initiating a payment answers: its id, its status as the aggregate knows it, and whether the request was a replay. */
public record PaymentReceipt(String paymentId, PaymentStatus status, boolean replayed) {
}
