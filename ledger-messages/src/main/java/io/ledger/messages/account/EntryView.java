package io.ledger.messages.account;

import java.time.Instant;
import io.ledger.messages.common.Money;

/** One statement line: a payment's effect on one account. */
public record EntryView(long entryId, String accountId, String paymentId, Direction direction, Money amount, EntryState state, Instant createdAt, Instant updatedAt) {
}
