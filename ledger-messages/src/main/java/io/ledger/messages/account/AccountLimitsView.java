package io.ledger.messages.account;

import io.ledger.messages.common.Money;

import java.util.List;

/**
 * An account's limits and, per limited window, what its outgoing payments used of it: the read model's count
 * (debits and holds not released, in whole hours as the account counts them), so it trails the account's own
 * decision by the projection's lag. used has every window, so that the limits of the account's type (kept with
 * the risk rules) can be shown against it too.
 */
public record AccountLimitsView(String accountId, String ownerId, String currency, AccountType type,
                                AccountLimits limits, List<Used> used, long version) {

    public record Used(LimitWindow window, Money amount, int count) {
    }
}
