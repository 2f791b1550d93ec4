package io.ledger.messages.payout;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The saga: both holds are taken; the payout waits for the bank until answerBy, then it is OVERDUE. */
public record InstructPayoutCommand(@TargetAggregateIdentifier String payoutId, Instant answerBy) {
}
