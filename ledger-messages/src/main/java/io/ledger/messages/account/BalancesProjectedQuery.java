package io.ledger.messages.account;

/**
 * Whether the balances and statements read model has applied every event up to {@code position} (a
 * global event-store index), on every segment and every instance. Answers a Boolean.
 */
public record BalancesProjectedQuery(long position) {
}
