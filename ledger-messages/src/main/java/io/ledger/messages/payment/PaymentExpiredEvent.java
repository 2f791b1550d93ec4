package io.ledger.messages.payment;

/** Terminal: no money moved, the payment was not settled in time. */
public record PaymentExpiredEvent(String paymentId, String reversalOf) {
}
