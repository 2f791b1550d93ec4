package io.ledger.messages.account;

import io.ledger.messages.common.RejectionReason;
import io.ledger.messages.risk.RiskDecision;
import io.ledger.messages.risk.RiskOutcome;

/**
 * What {@link CheckCreditCommand} and {@link DebitAccountCommand} answer: accepted, the first rule
 * that refused, or (a debit only) held for review by a risk rule; risk is the risk rules' decision when they were
 * asked. A refusal changes no balance; the account records it ({@link CreditRefusedEvent},
 * {@link DebitRefusedEvent}) and the payment records it as its rejection.
 */
public record PostingOutcome(RejectionReason refusal, RiskDecision risk) {

    private static final PostingOutcome ACCEPTED = new PostingOutcome(null, null);

    public static PostingOutcome accepted() {
        return ACCEPTED;
    }

    public static PostingOutcome refused(RejectionReason reason) {
        return new PostingOutcome(reason, null);
    }

    /**
     * What the risk rules decided about a debit the account's own rules allowed: ALLOW, REVIEW (the funds are held
     * instead, DebitReservedEvent, and the payment waits) or DENY (refused, RISK_DENIED).
     */
    public static PostingOutcome judged(RiskDecision decision) {
        return new PostingOutcome(decision.outcome() == RiskOutcome.DENY ? RejectionReason.RISK_DENIED : null, decision);
    }

    public boolean isAccepted() {
        return refusal == null && !heldForReview();
    }

    public boolean heldForReview() {
        return refusal == null && risk != null && risk.outcome() == RiskOutcome.REVIEW;
    }
}
