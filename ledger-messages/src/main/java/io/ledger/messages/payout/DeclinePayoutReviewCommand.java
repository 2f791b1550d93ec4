package io.ledger.messages.payout;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An analyst declines a payout in review, or (declinedBy null) nobody decided by its deadline. */
public record DeclinePayoutReviewCommand(@TargetAggregateIdentifier String payoutId, String declinedBy) {
}
