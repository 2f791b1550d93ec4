package io.ledger.messages.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Answers a replayed payment request: sent when an {@link InitiatePaymentCommand} found its payment
 * already stored. Answers the payment's receipt if the request is the same one, refuses it otherwise.
 */
public record RecallPaymentCommand(@TargetAggregateIdentifier String paymentId, String requestFingerprint) {
}
