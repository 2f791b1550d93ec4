package io.ledger.messages.account;

import io.ledger.messages.common.RejectionReason;
import io.ledger.messages.risk.RiskDecision;
import io.ledger.messages.risk.RiskOutcome;

/**
 * What {@link CheckCreditCommand} and {@link DebitAccountCommand} answer: accepted, the first rule
 * that refused, or (a debit only) held for review by a risk rule, or the owner to ask first; risk is the risk rules'
 * decision when they were asked. A refusal changes no balance; the account records it ({@link CreditRefusedEvent},
 * {@link DebitRefusedEvent}) and the payment records it as its rejection.
 */
public record PostingOutcome(RejectionReason refusal, RiskDecision risk, String ownerToAsk) {

    private static final PostingOutcome ACCEPTED = new PostingOutcome(null, null, null);

    /**
     * Not decided yet: the debtor's owner has limits (ADR 0034), and the debit or hold must come back with the owner's
     * {@link OwnerVerdict}. Nothing was recorded.
     */
    public static PostingOutcome askOwnerFirst(String ownerKey) {
        return new PostingOutcome(null, null, ownerKey);
    }

    public static PostingOutcome accepted() {
        return ACCEPTED;
    }

    public static PostingOutcome refused(RejectionReason reason) {
        return new PostingOutcome(reason, null, null);
    }

    /**
     * What the risk rules decided about a debit the account's own rules allowed: ALLOW, REVIEW (the funds are held
     * instead, DebitReservedEvent, and the payment waits) or DENY (refused, RISK_DENIED).
     */
    public static PostingOutcome judged(RiskDecision decision) {
        return new PostingOutcome(decision.outcome() == RiskOutcome.DENY ? RejectionReason.RISK_DENIED : null, decision, null);
    }

    public boolean isAccepted() {
        return refusal == null && ownerToAsk == null && !heldForReview();
    }

    public boolean heldForReview() {
        return refusal == null && ownerToAsk == null && risk != null && risk.outcome() == RiskOutcome.REVIEW;
    }
}
