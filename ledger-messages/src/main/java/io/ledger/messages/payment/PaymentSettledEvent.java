package io.ledger.messages.payment;

import io.ledger.messages.audit.AuditedAs;
import io.ledger.messages.common.Money;

/** Terminal: the money moved. */
public record PaymentSettledEvent(String paymentId, String debtorAccountId, String creditorAccountId, Money amount, String reversalOf)
        implements AuditedAs.FromAccount, AuditedAs.ToAccount, AuditedAs.OfPayment {
}
