package io.ledger.messages.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The reversal payment settled. */
public record CompleteReversalCommand(@TargetAggregateIdentifier String paymentId, String reversalPaymentId) {
}
