package io.ledger.messages.payment;

import io.ledger.messages.audit.AuditedAs;
/** Terminal: no money moved, the payment was not settled in time. */
public record PaymentExpiredEvent(String paymentId, String reversalOf)
        implements AuditedAs.OfPayment {
}
