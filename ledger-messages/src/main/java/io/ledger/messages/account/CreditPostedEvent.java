package io.ledger.messages.account;

import io.ledger.messages.audit.AuditedAs;
import io.ledger.messages.common.Money;

/**
 * posted rose and pendingCredits fell by amount.
 *
 * <p>Written by authorizations (MANUAL payments, ADR 0016), and by versions before ADR 0013, whose
 * histories are still replayed and rebuilt.
 */
public record CreditPostedEvent(String accountId, String paymentId, Money amount)
        implements AuditedAs.OfAccount, AuditedAs.OfPayment {
}
