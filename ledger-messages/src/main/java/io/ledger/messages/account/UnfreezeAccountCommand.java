package io.ledger.messages.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Lifts a freeze. */
public record UnfreezeAccountCommand(@TargetAggregateIdentifier String accountId) {
}
