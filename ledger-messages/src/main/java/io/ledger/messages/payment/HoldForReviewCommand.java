package io.ledger.messages.payment;

import io.ledger.messages.risk.RiskDecision;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Sent by the settlement saga once both holds are taken: the payment waits IN_REVIEW until decideBy (ADR 0026). */
public record HoldForReviewCommand(@TargetAggregateIdentifier String paymentId, RiskDecision decision, Instant decideBy) {
}
