package io.ledger.messages.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Back office: move a settled payment's money back, as a new payment in the opposite direction. */
public record ReversePaymentCommand(@TargetAggregateIdentifier String paymentId, String reversalPaymentId, String requestedBy, String remittanceInfo) {
}
