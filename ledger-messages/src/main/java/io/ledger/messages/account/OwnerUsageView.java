package io.ledger.messages.account;

import java.util.List;

/** The answer to {@link FindOwnerUsageQuery}: the owner's customer accounts in the currency, the hours oldest first. */
public record OwnerUsageView(List<String> accountIds, List<UsedHour> hours) {

    public OwnerUsageView {
        accountIds = accountIds == null ? List.of() : List.copyOf(accountIds);
        hours = hours == null ? List.of() : List.copyOf(hours);
    }
}
