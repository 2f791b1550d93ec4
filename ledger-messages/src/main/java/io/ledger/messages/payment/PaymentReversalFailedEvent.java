package io.ledger.messages.payment;

import io.ledger.messages.audit.AuditedAs;
/** The original payment stays SETTLED and may be reversed again. */
public record PaymentReversalFailedEvent(String paymentId, String reversalPaymentId, String reason)
        implements AuditedAs.OfPayment {
}
