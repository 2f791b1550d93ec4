package io.ledger.messages.account;

import io.ledger.messages.audit.AuditedAs;
import io.ledger.messages.common.Money;

import java.time.Instant;

/** The owner's windows no longer count amount (and, when payment, the payment) in the hour of countedAt. */
public record OwnerUsageGivenBackEvent(String ownerKey, String paymentId, Money amount, Instant countedAt,
                                       boolean payment) implements AuditedAs.OfPayment {
}
