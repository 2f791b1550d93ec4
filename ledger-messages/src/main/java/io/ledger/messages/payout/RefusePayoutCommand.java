package io.ledger.messages.payout;

import io.ledger.messages.common.RejectionReason;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The saga: the ledger refused to hold the funds (or the clearing account refused the credit); nothing is held. */
public record RefusePayoutCommand(@TargetAggregateIdentifier String payoutId, RejectionReason reason) {
}
