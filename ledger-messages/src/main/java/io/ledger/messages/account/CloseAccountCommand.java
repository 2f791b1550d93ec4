package io.ledger.messages.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Closes an account with zero posted balance and no holds (admin). */
public record CloseAccountCommand(@TargetAggregateIdentifier String accountId) {
}
