package io.ledger.messages.account;

import io.ledger.messages.common.RejectionReason;

/**
 * What {@link CheckCreditCommand} and {@link DebitAccountCommand} answer: accepted, or the first rule
 * that refused. A refusal changes no balance; the account records it ({@link CreditRefusedEvent},
 * {@link DebitRefusedEvent}) and the payment records it as its rejection.
 */
public record PostingOutcome(RejectionReason refusal) {

    private static final PostingOutcome ACCEPTED = new PostingOutcome(null);

    public static PostingOutcome accepted() {
        return ACCEPTED;
    }

    public static PostingOutcome refused(RejectionReason reason) {
        return new PostingOutcome(reason);
    }

    public boolean isAccepted() {
        return refusal == null;
    }
}
