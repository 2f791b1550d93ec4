package io.ledger.messages.account;

import io.ledger.messages.audit.AuditedAs;
import io.ledger.messages.common.Money;

/** A payment of one of the owner's accounts counts against the owner's windows, in the hour of this event. */
public record OwnerUsageCountedEvent(String ownerKey, String paymentId, Money amount) implements AuditedAs.OfPayment {
}
