package io.ledger.api.batch;

import java.time.Duration;

/**
 * {@code ledger.batches.*}: how long an atomic batch may take to have every item authorized ({@code atomic-window},
 * default 10 minutes); its items' authorizations live {@code atomic-hold} (default an hour, longer), so none expires
 * while the batch decides.
 */
@org.springframework.boot.context.properties.ConfigurationProperties("ledger.batches")
public record AtomicBatchSettings(Duration atomicWindow, Duration atomicHold) {

    public AtomicBatchSettings {
        atomicWindow = atomicWindow == null ? Duration.ofMinutes(10) : atomicWindow;
        atomicHold = atomicHold == null ? Duration.ofHours(1) : atomicHold;
        if (atomicWindow.isNegative() || atomicWindow.isZero() || atomicHold.compareTo(atomicWindow) <= 0) {
            throw new IllegalStateException("ledger.batches: atomic-window must be positive and shorter than atomic-hold");
        }
    }

    /** The window an atomic batch has. */
    public Duration window() {
        return atomicWindow;
    }

    /** How long its items' holds live. */
    public Duration hold() {
        return atomicHold;
    }
}
