package io.ledger.messages.account;

import java.util.List;

/** What the owner's accounts had paid out before the owner's limits were first set, hour by hour (ADR 0034). */
public record OwnerUsageSeededEvent(String ownerKey, List<UsedHour> hours) {

    public OwnerUsageSeededEvent {
        hours = hours == null ? List.of() : List.copyOf(hours);
    }
}
