package io.ledger.messages.account;

import io.ledger.messages.audit.AuditedAs;
import io.ledger.messages.common.Money;

/**
 * Funds are held on the debtor: pendingDebits rose by amount.
 *
 * <p>Written by authorizations (MANUAL payments, ADR 0016), and by versions before ADR 0013, whose
 * histories are still replayed and rebuilt. counterparty: the creditor the hold is for, when named.
 */
public record DebitReservedEvent(String accountId, String paymentId, Money amount, String counterparty)
        implements AuditedAs.OfAccount, AuditedAs.OfPayment {

    public DebitReservedEvent(String accountId, String paymentId, Money amount) {
        this(accountId, paymentId, amount, null);
    }
}
