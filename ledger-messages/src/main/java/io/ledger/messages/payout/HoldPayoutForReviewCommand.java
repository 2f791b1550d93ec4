package io.ledger.messages.payout;

import io.ledger.messages.risk.RiskDecision;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The saga: a risk rule asked for a review; the payout waits IN_REVIEW, its funds held, until decideBy at most. */
public record HoldPayoutForReviewCommand(@TargetAggregateIdentifier String payoutId, RiskDecision decision,
                                         Instant decideBy) {
}
