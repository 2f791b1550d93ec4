package io.ledger.messages.account;

import io.ledger.messages.audit.AuditedAs;
import io.ledger.messages.common.Money;

/**
 * The owner's limits refused a payment; nothing was counted. Recorded, not only answered, so that a refusal made on
 * a stale copy of the owner's usage fails its append and is retried (as a debit's refusal is, ADR 0013).
 */
public record OwnerLimitRefusedEvent(String ownerKey, String paymentId, Money amount) implements AuditedAs.OfPayment {
}
