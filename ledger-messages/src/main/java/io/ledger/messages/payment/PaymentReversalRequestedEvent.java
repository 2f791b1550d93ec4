package io.ledger.messages.payment;

import io.ledger.messages.audit.AuditedAs;
import io.ledger.messages.privacy.PersonalData;

/** The original payment has a reversal in progress; no second one may start. */
public record PaymentReversalRequestedEvent(String paymentId, String reversalPaymentId, @PersonalData String requestedBy)
        implements AuditedAs.OfPayment {
}
