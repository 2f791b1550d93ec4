package io.ledger.messages.account;

/** A statement line is PENDING while its hold is held, then POSTED or RELEASED. */
public enum EntryState {
    PENDING,
    POSTED,
    RELEASED
}
