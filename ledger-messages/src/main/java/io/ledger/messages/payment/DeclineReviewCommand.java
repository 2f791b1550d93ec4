package io.ledger.messages.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An analyst declines a payment in review: its holds are released and it ends REJECTED, RISK_DECLINED. */
public record DeclineReviewCommand(@TargetAggregateIdentifier String paymentId, String declinedBy) {
}
