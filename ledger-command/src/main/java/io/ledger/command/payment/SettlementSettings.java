package io.ledger.command.payment;

import java.time.Duration;

/** How long a payment may stay unsettled before its holds are released and it ends EXPIRED. */
public record SettlementSettings(Duration settlementTimeout) {

    public SettlementSettings {
        if (settlementTimeout == null || settlementTimeout.isNegative() || settlementTimeout.isZero()) {
            throw new IllegalArgumentException("settlement timeout must be positive");
        }
    }
}
