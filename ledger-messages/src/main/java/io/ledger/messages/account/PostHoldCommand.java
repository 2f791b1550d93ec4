package io.ledger.messages.account;

import io.ledger.messages.common.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Posts amount of a payment's hold on this account (at most the hold) and releases the rest: a capture.
 * Holds are taken under the account's rules, so posting one is never refused.
 */
public record PostHoldCommand(@TargetAggregateIdentifier String accountId, String paymentId, Direction direction,
                              Money amount) {
}
