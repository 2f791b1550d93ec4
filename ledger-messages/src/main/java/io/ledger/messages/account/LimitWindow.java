package io.ledger.messages.account;

import java.time.Duration;

/**
 * A rolling window over which an account's outgoing payments are limited (issue 21). Counted in whole hours: the
 * window covers the hour now running and the {@code hours} whole hours before it, so it can reach up to an hour
 * further back than its name, and never lets through more than its limit in any span of its length.
 */
public enum LimitWindow {
    DAY(24), WEEK(24 * 7), MONTH(24 * 30);

    private final int hours;

    LimitWindow(int hours) {
        this.hours = hours;
    }

    public int hours() {
        return hours;
    }

    public Duration length() {
        return Duration.ofHours(hours);
    }
}
