package io.ledger.messages.payment;

import io.ledger.messages.audit.AuditedAs;
/** The original payment is REVERSED: its money went back. */
public record PaymentReversedEvent(String paymentId, String reversalPaymentId)
        implements AuditedAs.OfPayment {
}
