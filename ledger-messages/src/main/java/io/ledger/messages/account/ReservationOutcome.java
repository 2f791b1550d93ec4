package io.ledger.messages.account;

import io.ledger.messages.common.RejectionReason;

/**
 * What a reservation command answers, besides the event it records: the hold was taken, or the
 * first rule that refused it. Lets the payment saga go on in the same unit of work.
 */
public record ReservationOutcome(RejectionReason refusal) {

    private static final ReservationOutcome RESERVED = new ReservationOutcome(null);

    public static ReservationOutcome reserved() {
        return RESERVED;
    }

    public static ReservationOutcome refused(RejectionReason reason) {
        return new ReservationOutcome(reason);
    }

    public boolean isReserved() {
        return refusal == null;
    }
}
