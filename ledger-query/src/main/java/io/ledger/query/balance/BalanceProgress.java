package io.ledger.query.balance;

import io.ledger.messages.account.BalancesProjectedQuery;
import io.ledger.query.support.ProcessorTokens;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.QueryHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * How far the balances read model has got, read from its processor's stored tokens: they commit with
 * the balance updates, so a token that covers a position means every balance up to it is readable, on
 * whichever instance projected it. The payment and balance read models are separate processors, so a
 * payment can read SETTLED a moment before its balances do; this is how a waiting request closes that gap.
 *
 * <p>A query that has to wait is answered with a future and its transaction ends at once: a waiting
 * request holds no database connection. One thread, shared by all waiters, reads the tokens again when
 * the balances processor commits on this instance ({@link #signalAfterCommit}) and otherwise every
 * {@link #RECHECK} while anyone waits, which is how commits on other instances are seen. (Each waiter
 * polling the table itself every 10 ms cost more CPU than the payments it waited for, and waiting inside
 * the query's transaction ran the connection pool dry: docs/performance.md.)
 *
 * <p>A query that names its accounts waits only for the segments that hold them: an account's events all go to
 * one segment, chosen as Axon's default sequencing policy chooses it (the hash of the aggregate identifier under
 * the segment's mask, {@link #segmentHolding}). A segment whose token covers a position has applied every event of
 * its accounts up to it, whatever the other segments have done. Waiting for every segment made a payment wait
 * for the slower of two batches (docs/performance.md).
 *
 * <p>The segments this instance holds are also read from memory ({@link #readLocalProgressFrom}): Axon's tracking
 * processor stores a segment's token only once a batch holds an event of its own, and a segment that sees only other
 * segments' events keeps reading them for up to its event availability timeout (a second) before it stores where it
 * got to. Its stored token then lags a second behind a position it has long passed, and a request waiting for it
 * waited that second (the one-second outliers of every open-model run, and every waited payment after a lull). Its
 * in-memory status moves on at once, with every event it skips.
 */
@Component
public class BalanceProgress implements DisposableBean {

    static final Duration RECHECK = Duration.ofMillis(25);
    private static final Logger log = LoggerFactory.getLogger(BalanceProgress.class);
    private static final String SIGNAL_KEY = BalanceProgress.class.getName() + ".signal";

    private final ProcessorTokens processorTokens;
    private final Queue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "balance-progress");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean checkQueued = new AtomicBoolean();
    private final AtomicBoolean recheckScheduled = new AtomicBoolean();

    /** The last reading of the tokens, or null before the first. */
    private volatile Reading last;
    /** When (System.nanoTime) this instance's balances processor last committed. */
    private volatile long advancedAt = System.nanoTime();
    /** Where the segments this instance holds are, in memory, by segment; none until the processor is wired in. */
    private volatile Supplier<Map<Integer, TrackingToken>> heldHere = Map::of;

    public BalanceProgress(ProcessorTokens processorTokens) {
        this.processorTokens = processorTokens;
    }

    @QueryHandler
    CompletableFuture<Boolean> handle(BalancesProjectedQuery query) {
        return covered(query.position(), query.accountIds(), query.atMost());
    }

    /**
     * Completes true once the balances segments holding the accounts (every segment, when none is named) have
     * applied position, false if they have not within atMost.
     */
    public CompletableFuture<Boolean> covered(long position, Set<String> accountIds, Duration atMost) {
        Reading known = last;
        if (known != null && known.covers(position, accountIds, heldHere())) {
            return CompletableFuture.completedFuture(true);
        }
        if (atMost.isZero()) {
            return CompletableFuture.completedFuture(read().covers(position, accountIds, heldHere()));
        }
        Waiter waiter = new Waiter(position, accountIds, System.nanoTime() + atMost.toNanos(),
                new CompletableFuture<>());
        waiters.add(waiter);
        if (known == null || advancedAt - known.takenAt() >= 0) {
            // The last reading predates this instance's last commit of balances: worth reading now.
            checkSoon();
        } else {
            recheckLater();
        }
        return waiter.answer();
    }

    /** Blocks for {@link #covered(long, Set, Duration)}. */
    public boolean awaitCovered(long position, Set<String> accountIds, Duration atMost) {
        return covered(position, accountIds, atMost).join();
    }

    /**
     * The segment, of those with the given ids, whose events include the account's: the one whose mask maps the hash
     * of the account id (the aggregate identifier Axon's default sequencing policy sequences account events by) to
     * its id. Empty when the ids are not a whole set of segments (one being split, say): then no one segment is
     * known to hold the account.
     */
    public static OptionalInt segmentHolding(String accountId, Collection<Integer> segmentIds) {
        return segmentHolding(accountId, segmentsOf(segmentIds), segmentIds);
    }

    private static OptionalInt segmentHolding(String accountId, Segment[] segments, Collection<Integer> segmentIds) {
        int hash = Objects.hashCode(accountId);
        for (Segment segment : segments) {
            if (segment.matches(hash) && segmentIds.contains(segment.getSegmentId())) {
                return OptionalInt.of(segment.getSegmentId());
            }
        }
        return OptionalInt.empty();
    }

    private static Segment[] segmentsOf(Collection<Integer> segmentIds) {
        return Segment.computeSegments(segmentIds.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Where the balances processor's segments held by this instance are, as it tracks them in memory (Axon's
     * processing status): read at every check, before and instead of the stored tokens where it answers. A token
     * being replayed covers nothing, here as stored.
     */
    public void readLocalProgressFrom(Supplier<Map<Integer, TrackingToken>> heldHere) {
        this.heldHere = heldHere;
    }

    /** The in-memory positions of the segments this instance holds; empty when they cannot be had. */
    public Map<Integer, TrackingToken> heldHere() {
        try {
            return heldHere.get();
        } catch (RuntimeException e) {
            log.debug("The balances processor's status could not be read; the stored tokens answer", e);
            return Map.of();
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
        if (!waiters.isEmpty()) {
            checkSoon();
        }
    }

    @Override
    public void destroy() {
        checker.shutdownNow();
        waiters.forEach(waiter -> waiter.answer().complete(false));
    }

    private void checkSoon() {
        if (checkQueued.compareAndSet(false, true)) {
            checker.execute(this::check);
        }
    }

    private void recheckLater() {
        if (recheckScheduled.compareAndSet(false, true)) {
            checker.schedule(() -> {
                recheckScheduled.set(false);
                check();
            }, RECHECK.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /**
     * On the checker thread: answers every waiter it can from this instance's own segments and the last reading of
     * the tokens, and reads the tokens again (once) only if a waiter is left that they do not answer.
     */
    private void check() {
        checkQueued.set(false);
        if (waiters.isEmpty()) {
            return;
        }
        Map<Integer, TrackingToken> here = heldHere();
        Reading reading = last;
        boolean fresh = false;
        long now = System.nanoTime();
        for (Waiter waiter : waiters) {
            boolean covered = reading != null && reading.covers(waiter.position(), waiter.accountIds(), here);
            if (!covered && !fresh) {
                fresh = true;
                try {
                    reading = read();
                } catch (RuntimeException e) {
                    log.warn("Could not read the balances processor's tokens; waiters retry in {}", RECHECK, e);
                }
                covered = reading != null && reading.covers(waiter.position(), waiter.accountIds(), here);
            }
            if (covered) {
                waiter.answer().complete(true);
                waiters.remove(waiter);
            } else if (now - waiter.deadline() >= 0) {
                waiter.answer().complete(false);
                waiters.remove(waiter);
            }
        }
        if (!waiters.isEmpty()) {
            recheckLater();
        }
    }

    private Reading read() {
        long takenAt = System.nanoTime();
        Reading reading = new Reading(processorTokens.tokens(AccountProjection.PROCESSING_GROUP), takenAt);
        last = reading;
        return reading;
    }

    private record Waiter(long position, Set<String> accountIds, long deadline, CompletableFuture<Boolean> answer) {
    }

    /**
     * Each segment's stored token as read at takenAt (System.nanoTime, taken before the query ran), which also says
     * which segments there are.
     */
    private record Reading(SortedMap<Integer, TrackingToken> tokens, long takenAt, Segment[] segments) {

        Reading(SortedMap<Integer, TrackingToken> tokens, long takenAt) {
            this(tokens, takenAt, segmentsOf(tokens.keySet()));
        }

        /** Whether each segment holding the accounts (every one, if none is named) has passed position. */
        boolean covers(long position, Set<String> accountIds, Map<Integer, TrackingToken> here) {
            if (tokens.isEmpty()) {
                return false;
            }
            boolean everySegment = accountIds.isEmpty();
            for (String accountId : accountIds) {
                OptionalInt segment = segmentHolding(accountId, segments, tokens.keySet());
                if (segment.isEmpty()) {
                    everySegment = true;
                } else if (!segmentCovers(segment.getAsInt(), position, here)) {
                    return false;
                }
            }
            return !everySegment || tokens.keySet().stream().allMatch(segment -> segmentCovers(segment, position, here));
        }

        private boolean segmentCovers(int segment, long position, Map<Integer, TrackingToken> here) {
            return BalanceProgress.covers(here.get(segment), position) || BalanceProgress.covers(tokens.get(segment), position);
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
