package io.ledger.messages.account;

import io.ledger.messages.common.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Gives amount back to the owner's windows, in the hour it was counted; payment: the payment ends unpaid and no longer
 * counts either (a void, an expiry, a decline, a reversal), false for the rest of a partial capture.
 */
public record GiveBackOwnerUsageCommand(@TargetAggregateIdentifier String ownerKey, String paymentId, Money amount,
                                        Instant countedAt, boolean payment) {
}
