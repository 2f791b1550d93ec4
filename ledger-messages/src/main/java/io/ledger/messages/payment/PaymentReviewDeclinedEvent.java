package io.ledger.messages.payment;

import io.ledger.messages.audit.AuditedAs;
import io.ledger.messages.privacy.PersonalData;

/**
 * The review ended without approval: an analyst declined (declinedBy), or its deadline passed (declinedBy null). The
 * holds are released and the payment's rejection (RISK_DECLINED) follows in the same step.
 */
public record PaymentReviewDeclinedEvent(String paymentId, @PersonalData String declinedBy)
        implements AuditedAs.OfPayment {
}
