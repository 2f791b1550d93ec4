package io.ledger.messages.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Gives back a debit hold (compensation). */
public record ReleaseDebitCommand(@TargetAggregateIdentifier String accountId, String paymentId) {
}
