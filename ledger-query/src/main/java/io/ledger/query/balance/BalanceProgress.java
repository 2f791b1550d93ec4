package io.ledger.query.balance;

import io.ledger.messages.account.BalancesProjectedQuery;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How far the balances read model has got, read from its processor's stored tokens: they commit with
 * the balance updates, so a token that covers a position means every balance up to it is readable, on
 * whichever instance projected it. The payment and balance read models are separate processors, so a
 * payment can read SETTLED a moment before its balances do; this is how a waiting request closes that gap.
 *
 * <p>All waiting requests share one reading of the tokens: a reading is taken again only when a waiter
 * needs one newer than the last, by one thread at a time, and waiters sleep in between. A commit of the
 * balances processor on this instance wakes them at once ({@link #signalAfterCommit}); commits on other
 * instances are seen by re-reading at most every {@link #RECHECK}. (Each waiter polling the table on its
 * own every 10 ms cost more CPU than the payments it waited for: docs/performance.md.)
 */
@Component
public class BalanceProgress {

    static final Duration RECHECK = Duration.ofMillis(25);
    private static final String SIGNAL_KEY = BalanceProgress.class.getName() + ".signal";

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final Object refreshing = new Object();
    private final Object advanced = new Object();

    /** The last reading of the tokens, or null before the first. */
    private volatile Reading last;
    /** When (System.nanoTime) this instance's balances processor last committed. */
    private volatile long advancedAt = System.nanoTime();

    public BalanceProgress(JdbcTemplate jdbc, @Qualifier("serializer") Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    @QueryHandler
    Boolean handle(BalancesProjectedQuery query) {
        return awaitCovered(query.position(), query.atMost());
    }

    /** True once every balances segment has applied position; false if it has not within wait. */
    public boolean awaitCovered(long position, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        long signalSeen = advancedAt;
        // A reading taken since this instance's last commit of balances is as new as any local news.
        long neededAfter = signalSeen;
        while (true) {
            Reading known = last;
            if (known != null && known.covers(position) || readingSince(neededAfter).covers(position)) {
                return true;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            long waitStarted = System.nanoTime();
            sleepUntilSignalAfter(signalSeen, Math.min(remaining, RECHECK.toNanos()));
            // Woken by a local commit: a reading from after it. Timed out: one from after the wait
            // began, which sees what other instances committed meanwhile.
            signalSeen = advancedAt;
            neededAfter = signalSeen - waitStarted > 0 ? signalSeen : waitStarted;
        }
    }

    /**
     * Wakes the waiters once the given unit of work (a batch of the balances processor) has committed;
     * registered once per batch however many events it holds.
     */
    public void signalAfterCommit(UnitOfWork<?> unitOfWork) {
        UnitOfWork<?> root = unitOfWork.root();
        root.getOrComputeResource(SIGNAL_KEY, key -> {
            root.afterCommit(u -> signal());
            return Boolean.TRUE;
        });
    }

    void signal() {
        advancedAt = System.nanoTime();
        synchronized (advanced) {
            advanced.notifyAll();
        }
    }

    /** Sleeps until a commit newer than signalSeen is signalled, or for nanos. */
    private void sleepUntilSignalAfter(long signalSeen, long nanos) {
        synchronized (advanced) {
            if (advancedAt != signalSeen) {
                return;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(advanced, nanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the balances", e);
            }
        }
    }

    /** A reading of the tokens taken no earlier than neededAfter; one thread reads, the others share it. */
    private Reading readingSince(long neededAfter) {
        Reading reading = last;
        if (reading != null && reading.takenAt() - neededAfter >= 0) {
            return reading;
        }
        synchronized (refreshing) {
            reading = last;
            if (reading == null || reading.takenAt() - neededAfter < 0) {
                long takenAt = System.nanoTime();
                reading = new Reading(readTokens(), takenAt);
                last = reading;
            }
            return reading;
        }
    }

    private List<TrackingToken> readTokens() {
        return jdbc.query(
                "select token, token_type from token_entry where processor_name = ?",
                (rs, n) -> {
                    byte[] token = rs.getBytes("token");
                    String type = rs.getString("token_type");
                    return token == null || type == null ? null : serializer.<byte[], TrackingToken>deserialize(
                            new SimpleSerializedObject<>(token, byte[].class, type, null));
                },
                AccountProjection.PROCESSING_GROUP);
    }

    /** The tokens as read at takenAt (System.nanoTime, taken before the query ran). */
    private record Reading(List<TrackingToken> tokens, long takenAt) {

        boolean covers(long position) {
            return !tokens.isEmpty() && tokens.stream().allMatch(token -> BalanceProgress.covers(token, position));
        }
    }

    /**
     * A gap-aware token has seen position when its index is at or past it and position is not one of
     * its gaps. (Its own covers() also demands the same gaps below, which would make a long-healed gap
     * hold every waiting request until Axon forgets it.) A token being replayed covers nothing.
     */
    static boolean covers(TrackingToken token, long position) {
        return token instanceof GapAwareTrackingToken seen
                && seen.getIndex() >= position && !seen.getGaps().contains(position);
    }
}
