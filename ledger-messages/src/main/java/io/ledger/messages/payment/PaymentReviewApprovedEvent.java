package io.ledger.messages.payment;

import io.ledger.messages.audit.AuditedAs;
import io.ledger.messages.privacy.PersonalData;

/** An analyst approved the payment in review; its settlement (or authorization) follows in the same step. */
public record PaymentReviewApprovedEvent(String paymentId, @PersonalData String approvedBy)
        implements AuditedAs.OfPayment {
}
