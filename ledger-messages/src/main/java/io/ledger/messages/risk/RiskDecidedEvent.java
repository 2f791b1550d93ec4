package io.ledger.messages.risk;

import io.ledger.messages.audit.AuditedAs;
import io.ledger.messages.common.Money;

/**
 * The debtor account's rules matched a payment (ADR 0026): which version, which rules, the facts they saw, and the
 * outcome (REVIEW: the funds are held and the payment waits; DENY: it is rejected RISK_DENIED). Recorded in the same
 * step as the hold or the refusal that follows it. A payment no rule matched records no decision of its own: its
 * debit happened under the version its initiation names.
 */
public record RiskDecidedEvent(String accountId, String paymentId, Money amount, RiskDecision decision)
        implements AuditedAs.OfAccount, AuditedAs.OfPayment {
}
