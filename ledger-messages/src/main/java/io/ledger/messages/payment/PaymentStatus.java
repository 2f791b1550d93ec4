package io.ledger.messages.payment;

/** PENDING until exactly one terminal status; a SETTLED payment may later become REVERSED. */
public enum PaymentStatus {
    PENDING,
    SETTLED,
    REJECTED,
    EXPIRED,
    REVERSED;

    public boolean isTerminal() {
        return this != PENDING;
    }
}
