package io.ledger.messages.account;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Whether the balances and statements read model has applied every event up to {@code position} (a
 * global event-store index) on every instance — for the given accounts, or for all of them when
 * {@code accountIds} is empty. Answers a Boolean: true as soon as it has, false when it still has not after
 * {@code atMost} (zero: answer at once).
 *
 * <p>Naming the accounts lets the answer wait only for the read model's segments that hold them (a payment's
 * two accounts are in one segment about half the time), instead of for the slowest of all.
 */
public record BalancesProjectedQuery(long position, Duration atMost, Set<String> accountIds) {

    public BalancesProjectedQuery {
        Objects.requireNonNull(atMost, "atMost");
        if (atMost.isNegative()) {
            atMost = Duration.ZERO;
        }
        accountIds = accountIds == null ? Set.of() : Set.copyOf(accountIds);
    }

    /** Every account's balances. */
    public BalancesProjectedQuery(long position, Duration atMost) {
        this(position, atMost, Set.of());
    }
}
