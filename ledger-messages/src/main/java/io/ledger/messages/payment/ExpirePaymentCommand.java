package io.ledger.messages.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The settlement deadline passed and every hold has been released. */
public record ExpirePaymentCommand(@TargetAggregateIdentifier String paymentId) {
}
