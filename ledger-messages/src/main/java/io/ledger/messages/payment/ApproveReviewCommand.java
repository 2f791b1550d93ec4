package io.ledger.messages.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An analyst approves a payment in review: it settles, or (MANUAL) waits AUTHORIZED as it would have. */
public record ApproveReviewCommand(@TargetAggregateIdentifier String paymentId, String approvedBy) {
}
