package io.ledger.messages.payout;

import io.ledger.messages.audit.AuditedAs;
import io.ledger.messages.common.Money;
import io.ledger.messages.risk.RiskDecision;

import java.time.Instant;

/**
 * The payout waits IN_REVIEW with both holds in place (ADR 0033): decision says which rules of which version asked for
 * it and what they saw; nobody deciding by decideBy declines it.
 */
public record PayoutHeldForReviewEvent(String payoutId, String debtorAccountId, String clearingAccountId, Money amount,
                                       RiskDecision decision, Instant decideBy)
        implements AuditedAs.FromAccount {
}
