package io.ledger.messages.account;

import java.util.List;

/** The answer to {@link FindOwnerUsageQuery}: how many customer accounts the owner holds in it, the hours oldest first. */
public record OwnerUsageView(int accounts, List<UsedHour> hours) {

    public OwnerUsageView {
        hours = hours == null ? List.of() : List.copyOf(hours);
    }
}
