package io.ledger.benchmark;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service's garbage-collection pauses as its metrics count them ({@code jvm_gc_pause_seconds}: every
 * stop-the-world pause, of every collector and cause), read once a second. A pause stops every request and
 * processor at once, so it lands whole on the latency of every payment in flight: the figure beside a p99.
 *
 * @param count pauses since the service started
 * @param seconds their total length since the service started
 */
record GcPauses(long count, double seconds) {

    private static final Pattern SERIES = Pattern.compile(
            "(?m)^jvm_gc_pause_seconds_(count|sum)\\{[^}]*} ([0-9.eE+-]+)$");

    /** Sums the pause series of a Prometheus scrape over their labels (collector, action, cause). */
    static GcPauses of(String metrics) {
        long count = 0;
        double seconds = 0;
        Matcher series = SERIES.matcher(metrics);
        while (series.find()) {
            double value = Double.parseDouble(series.group(2));
            if (series.group(1).equals("count")) {
                count += (long) value;
            } else {
                seconds += value;
            }
        }
        return new GcPauses(count, seconds);
    }

    /**
     * What the samples say of the window they span: the pauses in it, their total, and the longest average pause
     * between two samples a second apart (a pause alone in its second is exact; two in one second read as their
     * mean, so it is a lower bound of the longest).
     */
    static Window window(List<GcPauses> samples) {
        if (samples.size() < 2) {
            return new Window(0, 0, 0, 0);
        }
        double longest = 0;
        for (int i = 1; i < samples.size(); i++) {
            long pauses = samples.get(i).count - samples.get(i - 1).count;
            if (pauses > 0) {
                longest = Math.max(longest, (samples.get(i).seconds - samples.get(i - 1).seconds) / pauses);
            }
        }
        GcPauses first = samples.get(0);
        GcPauses last = samples.get(samples.size() - 1);
        return new Window(last.count - first.count, (last.seconds - first.seconds) * 1000, longest * 1000,
                samples.size() - 1);
    }

    /** The pauses of a window of {@code seconds} samples' spacing. */
    record Window(long pauses, double millis, double longestMillis, long seconds) {

        @Override
        public String toString() {
            if (pauses == 0) {
                return "gc pauses=0";
            }
            return "gc pauses=%d (%.0f ms, %.1f %% of the time, mean %.0f ms, longest at least %.0f ms)".formatted(
                    pauses, millis, seconds == 0 ? 0 : millis / 10.0 / seconds, millis / pauses, longestMillis);
        }
    }
}
