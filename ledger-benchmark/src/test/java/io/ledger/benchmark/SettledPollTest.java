package io.ledger.benchmark;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The batch scenario counts the settled payments seldom while most are to come, and often near the end. */
class SettledPollTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void nothingSettledYetWaitsASecond() {
        assertEquals(1_000, Benchmark.nextPollMillis(0, 20_000, 3 * SECOND));
    }

    @Test
    void farFromTheEndWaitsASecond() {
        // 3,000 settled in 10 s: the other 17,000 need about 57 s.
        assertEquals(1_000, Benchmark.nextPollMillis(3_000, 20_000, 10 * SECOND));
    }

    @Test
    void nearTheEndWaitsHalfOfWhatTheRestNeeds() {
        // 19,700 in 65 s: 3.3 ms a payment, 300 to go, about 990 ms: asks again in about half of it.
        assertEquals(495, Benchmark.nextPollMillis(19_700, 20_000, 65 * SECOND));
    }

    @Test
    void atTheEndWaitsNoLessThanATenthOfASecond() {
        assertEquals(100, Benchmark.nextPollMillis(19_990, 20_000, 65 * SECOND));
    }
}
