package io.ledger.messages.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Replaces an account's limits (back office); {@link AccountLimits#NONE} removes them. */
public record SetAccountLimitsCommand(@TargetAggregateIdentifier String accountId, AccountLimits limits) {
}
