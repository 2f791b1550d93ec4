package io.ledger.messages.payment;

import io.ledger.messages.audit.AuditedAs;
import io.ledger.messages.common.Money;

import java.time.Instant;

/** The debtor's funds are held and the creditor's credit pending, until captured, voided or expiresAt. */
public record PaymentAuthorizedEvent(String paymentId, String debtorAccountId, String creditorAccountId, Money amount,
                                     Instant expiresAt)
        implements AuditedAs.FromAccount, AuditedAs.ToAccount, AuditedAs.OfPayment {
}
