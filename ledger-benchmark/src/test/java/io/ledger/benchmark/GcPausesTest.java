package io.ledger.benchmark;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The benchmark reads the service's collector pauses from its metrics and says what a window held. */
class GcPausesTest {

    private static final String SCRAPE = """
            # HELP jvm_gc_pause_seconds Time spent in GC pause
            # TYPE jvm_gc_pause_seconds summary
            jvm_gc_pause_seconds_count{action="end of minor GC",cause="G1 Evacuation Pause",gc="G1 Young Generation"} 40
            jvm_gc_pause_seconds_sum{action="end of minor GC",cause="G1 Evacuation Pause",gc="G1 Young Generation"} 1.5
            jvm_gc_pause_seconds_count{action="end of minor GC",cause="Metadata GC Threshold",gc="G1 Young Generation"} 2
            jvm_gc_pause_seconds_sum{action="end of minor GC",cause="Metadata GC Threshold",gc="G1 Young Generation"} 0.1
            # HELP jvm_gc_pause_seconds_max Time spent in GC pause
            # TYPE jvm_gc_pause_seconds_max gauge
            jvm_gc_pause_seconds_max{action="end of minor GC",cause="G1 Evacuation Pause",gc="G1 Young Generation"} 0.3
            jvm_gc_concurrent_phase_time_seconds_count{action="end of concurrent GC pause",cause="No GC",gc="G1 Concurrent GC"} 7
            jvm_gc_concurrent_phase_time_seconds_sum{action="end of concurrent GC pause",cause="No GC",gc="G1 Concurrent GC"} 9.0
            """;

    @Test
    void sumsThePausesOfEveryCauseAndNothingConcurrent() {
        GcPauses read = GcPauses.of(SCRAPE);
        assertEquals(42, read.count());
        assertEquals(1.6, read.seconds(), 1e-9);
    }

    @Test
    void aWindowCountsItsOwnPausesAndItsLongestSecond() {
        GcPauses.Window window = GcPauses.window(List.of(new GcPauses(10, 1.0), new GcPauses(11, 1.04),
                new GcPauses(11, 1.04), new GcPauses(13, 1.14), new GcPauses(14, 1.20)));
        assertEquals(4, window.pauses());
        assertEquals(200, window.millis(), 1e-6);
        assertEquals(60, window.longestMillis(), 1e-6); // the last second: one pause of 60 ms; two of 50 ms mean before
        assertEquals("gc pauses=4 (200 ms, 5.0 % of the time, mean 50 ms, longest at least 60 ms)", window.toString());
    }

    @Test
    void noSamplesNoPauses() {
        assertEquals("gc pauses=0", GcPauses.window(List.of(new GcPauses(3, 0.2))).toString());
    }
}
