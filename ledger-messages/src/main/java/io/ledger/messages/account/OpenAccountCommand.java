package io.ledger.messages.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import io.ledger.messages.common.Money;

/** Opens an account; the currency is that of the overdraft limit (zero by default). */
public record OpenAccountCommand(@TargetAggregateIdentifier String accountId, String ownerId, AccountType type, Money overdraftLimit) {
}
