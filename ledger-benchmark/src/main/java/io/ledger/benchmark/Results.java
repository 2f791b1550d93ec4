package io.ledger.benchmark;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one simulation saw, measured by the simulation itself so that every figure in the summary has
 * one definition: POST latency is the POST's round trip; POST to SETTLED runs from sending the POST to
 * reading SETTLED. Written as a properties file for the runner.
 */
final class Results {

    private final ConcurrentLinkedQueue<Long> postMicros = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> settleMicros = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> readMicros = new ConcurrentLinkedQueue<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder settled = new LongAdder();
    private final long warmupNanos;
    /** When (System.nanoTime) the warm-up ends; 0 until the first payment or read starts the clock. */
    private final AtomicLong measureFrom = new AtomicLong();
    private volatile long firstNanos;
    private volatile long lastNanos;

    /**
     * @param warmup load that runs, and is checked, but is not measured: the JIT of the service and of
     *               the load generator compiles its hot paths and the caches fill during the first minute
     */
    Results(Duration warmup) {
        this.warmupNanos = warmup.toNanos();
    }

    void started(long nanos) {
        startClock(nanos);
        if (firstNanos == 0 && measured(nanos)) {
            firstNanos = nanos;
        }
    }

    /** Whether what started at this time counts in the figures (it always counts in the checks). */
    boolean measured(long startNanos) {
        long from = measureFrom.get();
        return from != 0 && startNanos >= from;
    }

    /** Every acknowledged payment is counted, for the books; its latency only when measured. */
    void accepted(long sentNanos, long postNanos) {
        accepted.increment();
        if (measured(sentNanos)) {
            postMicros.add(postNanos / 1_000);
        }
    }

    void settled(long sentNanos, long sinceSendNanos) {
        if (!measured(sentNanos)) {
            return;
        }
        settled.increment();
        settleMicros.add(sinceSendNanos / 1_000);
        lastNanos = System.nanoTime();
    }

    void read(long startNanos, long nanos) {
        startClock(startNanos);
        if (measured(startNanos)) {
            readMicros.add(nanos / 1_000);
        }
    }

    /** The warm-up is timed from whatever starts first: a read may come before any payment. */
    private void startClock(long nanos) {
        measureFrom.compareAndSet(0, nanos + warmupNanos);
    }

    void error(String kind) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    void write(Path file) throws IOException {
        Properties out = new Properties();
        out.setProperty("accepted", Long.toString(accepted.sum()));
        out.setProperty("settled", Long.toString(settled.sum()));
        out.setProperty("settledSpanMillis", Long.toString(Math.max(0, (lastNanos - firstNanos) / 1_000_000)));
        percentiles(out, "post", postMicros);
        percentiles(out, "settle", settleMicros);
        percentiles(out, "read", readMicros);
        new TreeMap<>(errors).forEach((kind, count) -> out.setProperty("error." + kind, Long.toString(count.sum())));
        try (Writer writer = Files.newBufferedWriter(file)) {
            out.store(writer, "ledger benchmark results, microseconds");
        }
    }

    private static void percentiles(Properties out, String name, ConcurrentLinkedQueue<Long> samples) {
        long[] sorted = samples.stream().mapToLong(Long::longValue).sorted().toArray();
        out.setProperty(name + ".count", Long.toString(sorted.length));
        if (sorted.length == 0) {
            return;
        }
        out.setProperty(name + ".p50", Long.toString(at(sorted, 0.50)));
        out.setProperty(name + ".p95", Long.toString(at(sorted, 0.95)));
        out.setProperty(name + ".p99", Long.toString(at(sorted, 0.99)));
        out.setProperty(name + ".max", Long.toString(sorted[sorted.length - 1]));
    }

    /** Nearest-rank percentile. */
    static long at(long[] sorted, double quantile) {
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
