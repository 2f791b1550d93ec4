package io.ledger.messages.account;

import java.time.Instant;

/**
 * An account as of a time or position: {@code account} with the balances, version and position of its newest balance
 * change at or before it (null when it did not exist then), or, where its history before {@code indexedFrom} was
 * never indexed (an account older than the balance history, until the read models are rebuilt), no answer.
 */
public record AccountAsOf(AccountView account, boolean indexed, Instant indexedFrom) {
}
