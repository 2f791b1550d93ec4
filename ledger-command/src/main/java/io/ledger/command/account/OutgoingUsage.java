package io.ledger.command.account;

import io.ledger.messages.account.AccountLimits;
import io.ledger.messages.account.LimitWindow;
import io.ledger.messages.account.WindowLimit;
import io.ledger.messages.common.Money;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an account paid out, per hour, over the longest limit window: at most 30 days of buckets (721), however
 * many payments, so the aggregate (and its snapshot) stays small. A window is summed over the hour now running and
 * the window's length in whole hours before it ({@link LimitWindow}): never less than the window, so never more
 * let through than its limit.
 */
final class OutgoingUsage {

    private static final long KEPT_HOURS = LimitWindow.MONTH.hours() + 1L;

    /** Hour since the epoch → amount and count paid out in it. */
    private final TreeMap<Long, Bucket> hours = new TreeMap<>();

    static long hourOf(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), 3_600L);
    }

    static Instant startOf(long hour) {
        return Instant.ofEpochSecond(Math.multiplyExact(hour, 3_600L));
    }

    void add(long hour, long amount) {
        add(hour, amount, 1);
    }

    /** Counts amount and count payments in the hour; hours must come in time order (events, a seed). */
    void add(long hour, long amount, int count) {
        hours.merge(hour, new Bucket(amount, count), Bucket::plus);
        // Events arrive in time order: what is older than the longest window is never read again.
        hours.headMap(hour - KEPT_HOURS).clear();
    }

    /** A released hold gives its amount back to the hour it was counted in, and its payment when it ends unpaid. */
    void giveBack(long hour, long amount, boolean payment) {
        Bucket bucket = hours.get(hour);
        if (bucket != null) {
            Bucket left = new Bucket(Math.max(0, bucket.amount() - amount), Math.max(0, bucket.count() - (payment ? 1 : 0)));
            hours.put(hour, left);
        }
    }

    /** What was paid out from the given hour on (at most the last 30 days are kept). */
    long amountSince(long hour) {
        long sum = 0;
        for (Bucket bucket : hours.tailMap(hour, true).values()) {
            sum = Math.addExact(sum, bucket.amount());
        }
        return sum;
    }

    /** What each window holds at the given hour. */
    Used used(long now) {
        Map<LimitWindow, Bucket> used = new EnumMap<>(LimitWindow.class);
        for (LimitWindow window : LimitWindow.values()) {
            Bucket sum = new Bucket(0, 0);
            for (Bucket bucket : hours.tailMap(now - window.hours(), true).values()) {
                sum = sum.plus(bucket);
            }
            used.put(window, sum);
        }
        return new Used(used);
    }

    record Bucket(long amount, int count) {
        Bucket plus(Bucket other) {
            return new Bucket(Math.addExact(amount, other.amount), Math.addExact(count, other.count));
        }
    }

    /** What was paid out within each window: a value, read by the posting policy. */
    record Used(Map<LimitWindow, Bucket> windows) {
        static final Used NONE = new Used(Map.of());

        Bucket in(LimitWindow window) {
            return windows.getOrDefault(window, new Bucket(0, 0));
        }

        /** Whether one more payment of amount fits the limits, on top of what the windows hold. */
        boolean allow(AccountLimits limits, Money amount) {
            long minor = amount.minorUnits();
            if (limits.perPayment() != null && minor > limits.perPayment().minorUnits()) {
                return false;
            }
            for (WindowLimit limit : limits.windows()) {
                Bucket used = in(limit.window());
                if (limit.amount() != null && Math.addExact(used.amount(), minor) > limit.amount().minorUnits()) {
                    return false;
                }
                if (limit.count() != null && used.count() + 1 > limit.count()) {
                    return false;
                }
            }
            return true;
        }
    }
}
