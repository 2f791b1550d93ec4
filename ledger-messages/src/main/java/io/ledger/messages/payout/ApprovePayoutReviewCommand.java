package io.ledger.messages.payout;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An analyst approves a payout in review: it is instructed as it would have been. */
public record ApprovePayoutReviewCommand(@TargetAggregateIdentifier String payoutId, String approvedBy) {
}
