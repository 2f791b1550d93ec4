package io.ledger.api.batch;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A batch's item counts, counted once for everyone asking at the same time and, when counting took long, reused for
 * as long as it took. Counting reads every item of the batch (a million-item file: about 3 s, docs/performance.md);
 * without this, each poller of a large file's progress started a count of its own, and a dozen pollers every second
 * kept a dozen database backends busy counting the same items. With it, the counting a large batch costs is at most
 * about half of one backend however many poll it, and its counts are at most one counting's duration old.
 * A count that took less than {@link #REUSED_FROM} is never reused: a small batch's answer is always fresh. The key
 * must hold whatever besides the items the counting reads (the batch's status: PaymentBatches), so that a count made
 * before a change a caller made is never the answer after it.
 */
final class SharedCounts<K, V> {

    static final Duration REUSED_FROM = Duration.ofMillis(200);
    /** Entries older than this are dropped when another is added: at most one per large batch polled recently. */
    private static final Duration FORGOTTEN_AFTER = Duration.ofMinutes(1);

    private final Map<K, Counting<V>> counts = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;

    SharedCounts() {
        this(System::nanoTime);
    }

    SharedCounts(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** The counts for key: a counting under way, one recent enough to reuse, or a new one on this thread. */
    V get(K key, Supplier<V> count) {
        long now = nanoTime.getAsLong();
        Counting<V> mine = new Counting<>(now, new CompletableFuture<>());
        Counting<V> current = counts.compute(key, (k, known) -> known != null && known.usableAt(now) ? known : mine);
        if (current != mine) {
            return join(current.result());
        }
        forgetOld(now);
        try {
            V counted = count.get();
            mine.finished(nanoTime.getAsLong());
            mine.result().complete(counted);
            if (!mine.reusable()) {
                counts.remove(key, mine);
            }
            return counted;
        } catch (RuntimeException | Error e) {
            counts.remove(key, mine);
            mine.result().completeExceptionally(e);
            throw e;
        }
    }

    int size() {
        return counts.size();
    }

    private void forgetOld(long now) {
        counts.values().removeIf(counting -> counting.isDone() && now - counting.startedAt() > FORGOTTEN_AFTER.toNanos());
    }

    private static <V> V join(CompletableFuture<V> result) {
        try {
            return result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static final class Counting<V> {
        private final long startedAt;
        private final CompletableFuture<V> result;
        private volatile long finishedAt;

        Counting(long startedAt, CompletableFuture<V> result) {
            this.startedAt = startedAt;
            this.result = result;
        }

        long startedAt() {
            return startedAt;
        }

        CompletableFuture<V> result() {
            return result;
        }

        void finished(long at) {
            finishedAt = at;
        }

        boolean isDone() {
            return result.isDone();
        }

        boolean reusable() {
            return finishedAt - startedAt >= REUSED_FROM.toNanos();
        }

        /** Under way (join it), or done, slow enough to reuse, and younger than its counting took. */
        boolean usableAt(long now) {
            if (!result.isDone()) {
                return true;
            }
            return !result.isCompletedExceptionally() && reusable() && now - finishedAt < finishedAt - startedAt;
        }
    }
}
