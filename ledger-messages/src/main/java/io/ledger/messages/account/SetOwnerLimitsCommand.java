package io.ledger.messages.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/**
 * Replaces an owner's limits in a currency (back office), across all the owner's accounts in it;
 * {@link AccountLimits#NONE} removes them. seed: what the owner's accounts paid out per hour over the last 30 days,
 * as the read model counts it, taken when the limits are set for the first time (ignored afterwards): a limit set at
 * noon counts the morning's payments.
 */
public record SetOwnerLimitsCommand(@TargetAggregateIdentifier String ownerKey, String ownerId, String currency,
                                    AccountLimits limits, List<UsedHour> seed) {
}
