package io.ledger.messages.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Voids an AUTHORIZED payment: both holds released, nothing posted. The same key answers the void again. */
public record VoidPaymentCommand(@TargetAggregateIdentifier String paymentId, String requestedBy, String idempotencyKey) {
}
