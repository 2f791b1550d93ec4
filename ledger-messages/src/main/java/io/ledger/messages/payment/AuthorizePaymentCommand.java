package io.ledger.messages.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sent by the settlement saga once both holds are taken: the payment is AUTHORIZED until it expires. */
public record AuthorizePaymentCommand(@TargetAggregateIdentifier String paymentId) {
}
