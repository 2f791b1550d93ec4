package io.ledger.messages.account;

/** Which side of a payment an account is on. */
public enum Direction {
    DEBIT,
    CREDIT
}
