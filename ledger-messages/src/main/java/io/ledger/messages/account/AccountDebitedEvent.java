package io.ledger.messages.account;

import io.ledger.messages.audit.AuditedAs;
import io.ledger.messages.common.Money;

/**
 * A payment's debit is posted: posted fell by amount. counterparty is the creditor the payment went to (null in
 * events from before it was recorded, and where none was named).
 */
public record AccountDebitedEvent(String accountId, String paymentId, Money amount, String counterparty)
        implements AuditedAs.OfAccount, AuditedAs.OfPayment {

    public AccountDebitedEvent(String accountId, String paymentId, Money amount) {
        this(accountId, paymentId, amount, null);
    }
}
