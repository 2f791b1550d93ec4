package io.ledger.messages.account;

import io.ledger.messages.common.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Asks the debtor's owner whether a payment of amount fits its limits; answers an {@link OwnerVerdict} for the
 * debit. A payment that fits records nothing (the {@link CountOwnerUsageCommand} after the debit, in the same unit of
 * work and under the same lock, does); one that does not is recorded ({@link OwnerLimitRefusedEvent}).
 */
public record CheckOwnerLimitsCommand(@TargetAggregateIdentifier String ownerKey, String paymentId, Money amount) {
}
