package io.ledger.messages.account;

import java.util.List;

/**
 * An owner's limits in a currency and, per window, what the owner's accounts in it used (the read model's count, as
 * {@link AccountLimitsView} has an account's). ownerKey names the limits on the write side; version is theirs.
 */
public record OwnerLimitsView(String ownerKey, String ownerId, String currency, AccountLimits limits,
                              List<AccountLimitsView.Used> used, long version) {
}
