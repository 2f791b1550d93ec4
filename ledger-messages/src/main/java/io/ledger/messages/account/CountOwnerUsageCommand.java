package io.ledger.messages.account;

import io.ledger.messages.common.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Counts a payment the debtor accepted against its owner's windows (after {@link CheckOwnerLimitsCommand}). */
public record CountOwnerUsageCommand(@TargetAggregateIdentifier String ownerKey, String paymentId, Money amount) {
}
