package io.ledger.messages.common;

/**
 * Why a payment could not be posted. A fact recorded in the payment's rejection event, not a
 * synchronous error. Listed in order of precedence on one account: when several apply, the first one
 * is reported. The creditor is asked before the debtor (ADR 0013).
 */
public enum RejectionReason {
    ACCOUNT_NOT_FOUND,
    ACCOUNT_CLOSED,
    ACCOUNT_FROZEN,
    CURRENCY_MISMATCH,
    /** The debtor's limits (issue 21): the payment, or the window's total with it, is more than they allow. */
    LIMIT_EXCEEDED,
    INSUFFICIENT_FUNDS,
    /** A risk rule of the debtor's decision denied the payment (ADR 0026); asked only of a payment the funds allow. */
    RISK_DENIED,
    /** An analyst declined the payment in review, or nobody decided before its review deadline. */
    RISK_DECLINED
}
