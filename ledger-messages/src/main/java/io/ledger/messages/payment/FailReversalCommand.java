package io.ledger.messages.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The reversal payment was rejected or expired. */
public record FailReversalCommand(@TargetAggregateIdentifier String paymentId, String reversalPaymentId, String reason) {
}
