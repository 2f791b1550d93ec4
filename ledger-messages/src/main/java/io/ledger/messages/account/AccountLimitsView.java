package io.ledger.messages.account;

import io.ledger.messages.common.Money;

import java.util.List;

/**
 * An account's limits and, per limited window, what its outgoing payments used of it: the read model's count
 * (debits and holds not released, in whole hours as the account counts them), so it trails the account's own
 * decision by the projection's lag.
 */
public record AccountLimitsView(String accountId, String ownerId, String currency, AccountLimits limits,
                                List<Used> used, long version) {

    public record Used(LimitWindow window, Money amount, int count) {
    }
}
