package io.ledger.messages.payment;

/** One payment view, or none. */
public record FindPaymentQuery(String paymentId) {
}
