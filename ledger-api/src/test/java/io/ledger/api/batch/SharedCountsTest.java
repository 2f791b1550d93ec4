package io.ledger.api.batch;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SharedCountsTest {

    private static final long MS = 1_000_000;

    private final AtomicLong clock = new AtomicLong(1_000 * MS);
    private final SharedCounts<String, Integer> shared = new SharedCounts<>(clock::get);
    private final AtomicInteger countings = new AtomicInteger();

    /** A counting that the test clock says took the given time, answering how many countings ran. */
    private Integer counting(long millis) {
        clock.addAndGet(millis * MS);
        return countings.incrementAndGet();
    }

    @Test
    void aQuickCountIsNeverReused() {
        assertEquals(1, shared.get("b", () -> counting(5)));
        assertEquals(2, shared.get("b", () -> counting(5)));
        assertEquals(0, shared.size(), "nothing kept");
    }

    @Test
    void aSlowCountIsReusedForAsLongAsItTookThenCountedAgain() {
        assertEquals(1, shared.get("b", () -> counting(3_000)));
        clock.addAndGet(2_999 * MS);
        assertEquals(1, shared.get("b", () -> counting(3_000)), "younger than its counting took: reused");
        assertEquals(2, shared.get("other", () -> counting(1)), "another batch counts on its own");
        clock.addAndGet(1 * MS);
        assertEquals(3, shared.get("b", () -> counting(3_000)), "as old as its counting took: counted again");
    }

    @Test
    void readersAskingAtOnceShareOneCounting() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(9);
        try {
            Future<Integer> first = pool.submit(() -> shared.get("b", () -> {
                started.countDown();
                await(release);
                // Slow by the test's clock, so a reader the pool starts late reuses it instead of counting again.
                return counting(3_000);
            }));
            started.await();
            List<Future<Integer>> others = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                others.add(pool.submit(() -> shared.get("b", countings::incrementAndGet)));
            }
            Thread.sleep(100);
            release.countDown();
            assertEquals(1, first.get(10, TimeUnit.SECONDS));
            for (Future<Integer> other : others) {
                assertEquals(1, other.get(10, TimeUnit.SECONDS), "joined the counting under way");
            }
            assertEquals(1, countings.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedCountingIsNotKeptAndItsErrorReachesTheCaller() {
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> shared.get("b", () -> {
            clock.addAndGet(3_000 * MS);
            throw new IllegalStateException("database gone");
        }));
        assertEquals("database gone", failure.getMessage());
        assertEquals(1, shared.get("b", () -> counting(1)), "counted again at once");
    }

    @Test
    void oldCountsAreForgotten() {
        shared.get("a", () -> counting(1_000));
        assertEquals(1, shared.size());
        clock.addAndGet(61_000 * MS);
        shared.get("b", () -> counting(1));
        assertEquals(0, shared.size(), "the minute-old count of a was dropped, b's quick one not kept");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
