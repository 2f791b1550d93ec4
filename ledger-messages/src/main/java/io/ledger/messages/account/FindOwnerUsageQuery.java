package io.ledger.messages.account;

/**
 * What the owner's accounts in a currency paid out, hour by hour over the longest window, as the read model counts it
 * (debits and holds not released or reversed): the seed of the owner's limits when they are first set (ADR 0034).
 * Answers an {@link OwnerUsageView}: the owner's accounts always, the hours only when withHours.
 */
public record FindOwnerUsageQuery(String ownerId, String currency, boolean withHours) {
}
