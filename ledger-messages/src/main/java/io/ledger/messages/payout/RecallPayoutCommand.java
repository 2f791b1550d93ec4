package io.ledger.messages.payout;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Asks a stored payout whether a replayed request is the one that created it. */
public record RecallPayoutCommand(@TargetAggregateIdentifier String payoutId, String requestFingerprint) {
}
