package io.ledger.benchmark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class ResultsTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void percentilesAreNearestRank() {
        long[] hundred = LongStream.rangeClosed(1, 100).toArray();
        assertEquals(50, Results.at(hundred, 0.50));
        assertEquals(95, Results.at(hundred, 0.95));
        assertEquals(99, Results.at(hundred, 0.99));
        assertEquals(100, Results.at(hundred, 1.0));
        assertEquals(7, Results.at(new long[] {7}, 0.99));
        assertEquals(1, Results.at(new long[] {1, 2}, 0.50));
        assertEquals(2, Results.at(new long[] {1, 2}, 0.51));
    }

    @Test
    void theWarmUpCountsInTheChecksButNotInTheFigures(@TempDir Path dir) throws IOException {
        Results results = new Results(Duration.ofSeconds(30));
        long start = 1_000 * SECOND;
        results.started(start);
        results.accepted(start, 900_000_000L);
        results.settled(start, 950_000_000L);
        results.error("POST 503 SERVICE_UNAVAILABLE");

        long later = start + 31 * SECOND;
        results.started(later);
        results.accepted(later, 10_000_000L);
        results.settled(later, 40_000_000L);
        assertFalse(results.measured(start + 29 * SECOND));

        Properties seen = written(results, dir.resolve("result.properties"));
        assertEquals("2", seen.getProperty("accepted"), "every acknowledged payment is accounted for");
        assertEquals("1", seen.getProperty("error.POST 503 SERVICE_UNAVAILABLE"), "errors count whenever they happen");
        assertEquals("1", seen.getProperty("settled"));
        assertEquals("1", seen.getProperty("post.count"));
        assertEquals("10000", seen.getProperty("post.max"), "the warm-up's slow POST is not in the latencies");
        assertEquals("40000", seen.getProperty("settle.max"));
    }

    @Test
    void withoutWarmUpAReadBeforeTheFirstPaymentIsMeasured(@TempDir Path dir) throws IOException {
        Results results = new Results(Duration.ZERO);
        long start = 1_000 * SECOND;
        results.read(start, 5_000_000L);
        results.started(start + SECOND);

        Properties seen = written(results, dir.resolve("result.properties"));
        assertEquals("1", seen.getProperty("read.count"));
        assertEquals("5000", seen.getProperty("read.max"));
    }

    private static Properties written(Results results, Path file) throws IOException {
        results.write(file);
        Properties seen = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            seen.load(reader);
        }
        return seen;
    }
}
