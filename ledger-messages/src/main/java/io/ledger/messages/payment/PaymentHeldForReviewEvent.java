package io.ledger.messages.payment;

import io.ledger.messages.audit.AuditedAs;
import io.ledger.messages.common.Money;
import io.ledger.messages.risk.RiskDecision;

import java.time.Instant;

/**
 * The payment waits IN_REVIEW with both holds in place (ADR 0026): decision says which rules of which version asked
 * for it and what they saw; nobody deciding by decideBy declines it.
 */
public record PaymentHeldForReviewEvent(String paymentId, String debtorAccountId, String creditorAccountId, Money amount,
                                        RiskDecision decision, Instant decideBy)
        implements AuditedAs.FromAccount, AuditedAs.ToAccount, AuditedAs.OfPayment {
}
