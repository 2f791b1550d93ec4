package io.ledger.messages.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import io.ledger.messages.common.Money;

/** Asks the debtor account to hold funds for a payment. */
public record ReserveDebitCommand(@TargetAggregateIdentifier String accountId, String paymentId, Money amount) {
}
