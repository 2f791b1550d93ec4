package io.ledger.command.payment;

/**
 * The payload of a payment's expiry deadline, stored with it. (Axon takes a deadline handler's first
 * parameter as the payload, so a handler that also needs the command gateway needs one.)
 */
public record AuthorizationExpiry(String paymentId) {
}
