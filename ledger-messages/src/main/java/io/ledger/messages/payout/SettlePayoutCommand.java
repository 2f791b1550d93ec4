package io.ledger.messages.payout;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The saga: the accepted payout's holds are posted. */
public record SettlePayoutCommand(@TargetAggregateIdentifier String payoutId) {
}
