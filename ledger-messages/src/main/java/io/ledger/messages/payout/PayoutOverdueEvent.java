package io.ledger.messages.payout;

import java.time.Instant;

/** No bank answer by answerBy: the payout is OVERDUE, still held, for operators to chase. */
public record PayoutOverdueEvent(String payoutId, Instant answerBy) {
}
