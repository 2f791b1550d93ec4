package io.ledger.messages.account;

import io.ledger.messages.audit.AuditedAs;
import io.ledger.messages.common.Money;
import io.ledger.messages.common.RejectionReason;

/**
 * The debtor refused a payment's debit; nothing changed on the account. Recorded, not only answered,
 * so that a refusal made on a stale copy of the account fails its append and is retried (ADR 0013).
 */
public record DebitRefusedEvent(String accountId, String paymentId, Money amount, RejectionReason reason)
        implements AuditedAs.OfAccount, AuditedAs.OfPayment {
}
