package io.ledger.messages.account;

/**
 * WALLET and MERCHANT accounts never go below their overdraft limit; SYSTEM positions may go negative.
 * A CLEARING account is the bank side of the ledger (a nostro, one per bank account and currency, opened by
 * an admin): payouts are credited to it when the bank executes them and debited from it when they return;
 * like a SYSTEM position it may go negative, and only payouts move it.
 */
public enum AccountType {
    WALLET,
    MERCHANT,
    SYSTEM,
    CLEARING;

    /** The bank's own positions, which no balance rule bounds. */
    public boolean isBankPosition() {
        return this == SYSTEM || this == CLEARING;
    }
}
