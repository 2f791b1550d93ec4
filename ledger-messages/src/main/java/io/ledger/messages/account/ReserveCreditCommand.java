package io.ledger.messages.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import io.ledger.messages.common.Money;

/** Asks the creditor account to accept a pending credit. */
public record ReserveCreditCommand(@TargetAggregateIdentifier String accountId, String paymentId, Money amount) {
}
