package io.ledger.messages.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Drops a pending credit (compensation). */
public record ReleaseCreditCommand(@TargetAggregateIdentifier String accountId, String paymentId) {
}
