package io.ledger.messages.account;

import io.ledger.messages.audit.AuditedAs;
import io.ledger.messages.common.Money;

/**
 * Funds are held on the debtor: pendingDebits rose by amount.
 *
 * <p>Written by authorizations (MANUAL payments, ADR 0016), and by versions before ADR 0013, whose
 * histories are still replayed and rebuilt. counterparty: the creditor the hold is for, when named. ownerKey: the
 * owner whose limits counted the hold too (ADR 0034), null when none did.
 */
public record DebitReservedEvent(String accountId, String paymentId, Money amount, String counterparty,
                                 String ownerKey)
        implements AuditedAs.OfAccount, AuditedAs.OfPayment {

    /** A hold whose owner did not count it: no owner limits (ADR 0034), or from before them. */
    public DebitReservedEvent(String accountId, String paymentId, Money amount, String counterparty) {
        this(accountId, paymentId, amount, counterparty, null);
    }

    public DebitReservedEvent(String accountId, String paymentId, Money amount) {
        this(accountId, paymentId, amount, null);
    }
}
