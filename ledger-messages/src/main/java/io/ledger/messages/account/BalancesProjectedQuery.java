package io.ledger.messages.account;

import java.time.Duration;
import java.util.Objects;

/**
 * Whether the balances and statements read model has applied every event up to {@code position} (a
 * global event-store index), on every segment and every instance. Answers a Boolean: true as soon as it
 * has, false when it still has not after {@code atMost} (zero: answer at once).
 */
public record BalancesProjectedQuery(long position, Duration atMost) {

    public BalancesProjectedQuery {
        Objects.requireNonNull(atMost, "atMost");
        if (atMost.isNegative()) {
            atMost = Duration.ZERO;
        }
    }
}
