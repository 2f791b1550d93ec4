package io.ledger.benchmark;

import org.junit.jupiter.api.Test;

import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ResultsTest {

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
}
