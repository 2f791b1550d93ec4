package io.ledger.messages.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Releases a payment's hold on this account: a void or an expiry. Releasing a hold that is gone does nothing. */
public record ReleaseHoldCommand(@TargetAggregateIdentifier String accountId, String paymentId, Direction direction) {
}
