package io.ledger.command.payment;

import java.time.Clock;
import java.time.Duration;

/**
 * How long a payment may stay unsettled before its holds are released and it ends EXPIRED, and the
 * clock that decides (replaceable in tests).
 */
public record SettlementSettings(Duration settlementTimeout, Clock clock) {

    public SettlementSettings {
        if (settlementTimeout == null || settlementTimeout.isNegative() || settlementTimeout.isZero()) {
            throw new IllegalArgumentException("settlement timeout must be positive");
        }
        if (clock == null) {
            throw new IllegalArgumentException("clock is required");
        }
    }

    public SettlementSettings(Duration settlementTimeout) {
        this(settlementTimeout, Clock.systemUTC());
    }
}
