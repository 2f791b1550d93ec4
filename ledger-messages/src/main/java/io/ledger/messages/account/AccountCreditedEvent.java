package io.ledger.messages.account;

import io.ledger.messages.audit.AuditedAs;

import io.ledger.messages.common.Money;

/**
 * A payment's credit is posted: posted rose by amount. givesBack: a reversal's credit gives the reversed payment back
 * to the account's limit windows (null otherwise, and in older events).
 */
public record AccountCreditedEvent(String accountId, String paymentId, Money amount, LimitGiveBack givesBack)
        implements AuditedAs.OfAccount, AuditedAs.OfPayment {

    public AccountCreditedEvent(String accountId, String paymentId, Money amount) {
        this(accountId, paymentId, amount, null);
    }
}
