package io.ledger.messages.payout;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The saga's deadline: the bank did not answer in time. The payout stays held; nothing is released or settled. */
public record MarkPayoutOverdueCommand(@TargetAggregateIdentifier String payoutId) {
}
