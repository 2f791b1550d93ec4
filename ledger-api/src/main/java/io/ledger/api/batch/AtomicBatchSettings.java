package io.ledger.api.batch;

import java.time.Duration;

/**
 * How long an atomic batch may take to have every item authorized ({@code ledger.batches.atomic-window}); its items'
 * authorizations live {@code hold} (longer), so none expires while the batch decides.
 */
public record AtomicBatchSettings(Duration window, Duration hold) {

    public AtomicBatchSettings {
        if (window == null || window.isNegative() || window.isZero() || hold == null || hold.compareTo(window) <= 0) {
            throw new IllegalStateException("ledger.batches: atomic-window must be positive and shorter than atomic-hold");
        }
    }
}
