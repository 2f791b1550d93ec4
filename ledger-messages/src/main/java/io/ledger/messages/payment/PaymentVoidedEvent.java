package io.ledger.messages.payment;

import io.ledger.messages.audit.AuditedAs;
import io.ledger.messages.privacy.PersonalData;
import io.ledger.messages.common.Money;

/** Terminal: the authorization was voided, both holds released, no money moved. */
public record PaymentVoidedEvent(String paymentId, String debtorAccountId, String creditorAccountId, Money amount,
                                 @PersonalData String voidedBy, String idempotencyKey)
        implements AuditedAs.FromAccount, AuditedAs.ToAccount, AuditedAs.OfPayment {
}
