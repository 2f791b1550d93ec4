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
    VOIDED;

    public boolean isTerminal() {
        return this != PENDING && this != AUTHORIZED;
    }

    /** Past its first phase: terminal, or AUTHORIZED and waiting for a capture, a void or its expiry. */
    public boolean isResting() {
        return this != PENDING;
    }
}
