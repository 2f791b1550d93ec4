package io.ledger.messages.account;


import io.ledger.messages.common.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Posts a payment's credit on the creditor account. Sent only after {@link CheckCreditCommand} accepted
 * in the same unit of work; the account still refuses it (an exception) if its rules do not allow it.
 * givesBack, on a reversal's credit to the reversed payment's debtor: that payment no longer counts against the
 * debtor's limit windows.
 */
public record CreditAccountCommand(@TargetAggregateIdentifier String accountId, String paymentId, Money amount,
                                   LimitGiveBack givesBack) {

    public CreditAccountCommand(String accountId, String paymentId, Money amount) {
        this(accountId, paymentId, amount, null);
    }
}
