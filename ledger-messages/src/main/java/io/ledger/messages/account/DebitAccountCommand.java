package io.ledger.messages.account;

import io.ledger.messages.common.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Posts a payment's debit on the debtor account, if the account's rules allow it (ADR 0013). */
public record DebitAccountCommand(@TargetAggregateIdentifier String accountId, String paymentId, Money amount) {
}
