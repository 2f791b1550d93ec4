package io.ledger.messages.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Turns the pending credit of a payment into a posted credit. */
public record PostCreditCommand(@TargetAggregateIdentifier String accountId, String paymentId) {
}
