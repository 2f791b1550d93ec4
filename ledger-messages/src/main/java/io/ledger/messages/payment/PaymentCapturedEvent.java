package io.ledger.messages.payment;

import io.ledger.messages.audit.AuditedAs;
import io.ledger.messages.privacy.PersonalData;
import io.ledger.messages.common.Money;

/**
 * An authorization was captured: captured is posted on both sides, released (zero when captured in
 * full) goes back to the debtor's available balance. PaymentSettledEvent follows in the same commit.
 */
public record PaymentCapturedEvent(String paymentId, String debtorAccountId, String creditorAccountId, Money captured,
                                   Money released, @PersonalData String capturedBy,
                                   String idempotencyKey)
        implements AuditedAs.FromAccount, AuditedAs.ToAccount, AuditedAs.OfPayment {
}
