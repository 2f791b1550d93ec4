package io.ledger.messages.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Turns the debit hold of a payment into a posted debit. Never refused for a held payment. */
public record PostDebitCommand(@TargetAggregateIdentifier String accountId, String paymentId) {
}
