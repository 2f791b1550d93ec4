package io.ledger.messages.payment;

/**
 * PENDING until exactly one terminal status (a MANUAL payment is AUTHORIZED in between); a SETTLED payment
 * may later become REVERSED.
 */
public enum PaymentStatus {
    PENDING,
    /** A MANUAL payment's funds are held; it waits for a capture, a void or its expiry. */
    AUTHORIZED,
    SETTLED,
    REJECTED,
    EXPIRED,
    REVERSED,
    /** An authorization voided: its holds released, no money moved. */
    VOIDED,
    /**
     * A risk rule asked for a review (ADR 0026): the funds are held while an analyst approves (it then settles, or
     * is AUTHORIZED when it is MANUAL) or declines (REJECTED, RISK_DECLINED); its deadline declines it.
     */
    IN_REVIEW;

    public boolean isTerminal() {
        return this != PENDING && this != AUTHORIZED && this != IN_REVIEW;
    }

    /** Past its first phase: terminal, AUTHORIZED and waiting for a capture, a void or its expiry, or IN_REVIEW. */
    public boolean isResting() {
        return this != PENDING;
    }
}
