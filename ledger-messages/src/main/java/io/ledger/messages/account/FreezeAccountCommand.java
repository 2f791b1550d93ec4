package io.ledger.messages.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Stops new holds on an account (back office). */
public record FreezeAccountCommand(@TargetAggregateIdentifier String accountId, String reason) {
}
