package io.ledger.messages.account;

import java.util.List;

/**
 * Replaces an owner's limits in a currency (back office), across all the owner's accounts in it;
 * {@link AccountLimits#NONE} removes them. seed: what the owner's accounts paid out per hour over the last 30 days,
 * as the read model counts it, taken when the limits are set for the first time (ignored afterwards): a limit set at
 * noon counts the morning's payments. accountIds: the owner's customer accounts in the currency, each told (in the
 * same transaction) that its owner's limits decide its debits too; sending it again tells any opened since.
 */
public record SetOwnerLimitsCommand(String ownerKey, String ownerId, String currency,
                                    AccountLimits limits, List<UsedHour> seed, List<String> accountIds) {
}
