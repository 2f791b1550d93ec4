package io.ledger.messages.payout;

/**
 * PENDING while the funds are being held; then REJECTED (the ledger refused: nothing held), IN_REVIEW (held, a
 * risk rule asked an analyst to look first: approved it goes on to INSTRUCTED, declined or undecided by its deadline
 * it ends REJECTED, RISK_DECLINED, its holds released) or INSTRUCTED (held, waiting for the bank), which turns
 * OVERDUE when the bank's answer is late and ends SETTLED or REJECTED (the bank's answer, booked). A SETTLED payout
 * may later be RETURNED by the bank.
 */
public enum PayoutStatus {
    PENDING,
    INSTRUCTED,
    OVERDUE,
    SETTLED,
    REJECTED,
    RETURNED,
    IN_REVIEW;

    /** Funds held, the bank's answer awaited. */
    public boolean awaitsBank() {
        return this == INSTRUCTED || this == OVERDUE;
    }

    /** Past the ledger's own first step: held and instructed, or refused. */
    public boolean isResting() {
        return this != PENDING;
    }
}
