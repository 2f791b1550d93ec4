package io.ledger.command.payout;

import java.time.Clock;
import java.time.Duration;

/** How long the bank lane has to answer a payout instruction before the payout is OVERDUE. */
public record PayoutSettings(Duration answerWithin, Clock clock) {

    public PayoutSettings {
        if (answerWithin == null || answerWithin.isNegative() || answerWithin.isZero()) {
            throw new IllegalArgumentException("ledger.payouts.answer-within must be a positive duration");
        }
    }

    public PayoutSettings(Duration answerWithin) {
        this(answerWithin, Clock.systemUTC());
    }
}
