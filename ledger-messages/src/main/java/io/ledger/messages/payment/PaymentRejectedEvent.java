package io.ledger.messages.payment;

import io.ledger.messages.audit.AuditedAs;
import io.ledger.messages.common.RejectionReason;

/** Terminal: no money moved. */
public record PaymentRejectedEvent(String paymentId, RejectionReason reason, String reversalOf)
        implements AuditedAs.OfPayment {
}
