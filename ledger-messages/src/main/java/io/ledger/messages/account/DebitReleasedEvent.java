package io.ledger.messages.account;

import io.ledger.messages.audit.AuditedAs;
import io.ledger.messages.common.Money;

/**
 * pendingDebits fell by amount; posted unchanged.
 *
 * <p>Written by authorizations (MANUAL payments, ADR 0016), and by versions before ADR 0013, whose
 * histories are still replayed and rebuilt. owner: what the release gives back to the owner's limits (ADR 0034).
 */
public record DebitReleasedEvent(String accountId, String paymentId, Money amount, OwnerGiveBack owner)
        implements AuditedAs.OfAccount, AuditedAs.OfPayment {

    /** A release owing the owner nothing: the owner did not count the hold, or from before owner limits. */
    public DebitReleasedEvent(String accountId, String paymentId, Money amount) {
        this(accountId, paymentId, amount, null);
    }
}
