package io.ledger.messages.account;

/** ACTIVE takes new holds; FROZEN takes none but settles or releases existing ones; CLOSED is final. */
public enum AccountStatus {
    ACTIVE,
    FROZEN,
    CLOSED
}
