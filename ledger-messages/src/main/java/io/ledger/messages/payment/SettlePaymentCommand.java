package io.ledger.messages.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Both sides are posted: the payment is done. */
public record SettlePaymentCommand(@TargetAggregateIdentifier String paymentId) {
}
