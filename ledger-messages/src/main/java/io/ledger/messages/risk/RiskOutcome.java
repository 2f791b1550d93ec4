package io.ledger.messages.risk;

/** What a rule, and so a decision, answers; in rising severity, so a decision is its most severe match. */
public enum RiskOutcome {
    ALLOW,
    /** The funds are held and the payment waits IN_REVIEW for an analyst (or its deadline, which declines). */
    REVIEW,
    /** The payment is rejected: RISK_DENIED. */
    DENY
}
