package io.ledger.messages.common;

/**
 * Why a hold could not be taken. These are facts recorded in events (a payment's outcome), not
 * synchronous errors, so the saga can compensate. Listed in order of precedence: when several apply,
 * the first one is reported.
 */
public enum RejectionReason {
    ACCOUNT_NOT_FOUND,
    ACCOUNT_CLOSED,
    ACCOUNT_FROZEN,
    CURRENCY_MISMATCH,
    INSUFFICIENT_FUNDS
}
