package io.ledger.messages.payout;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The saga: the bank rejected the payout and its holds are released (the compensation). */
public record ReleasePayoutCommand(@TargetAggregateIdentifier String payoutId) {
}
