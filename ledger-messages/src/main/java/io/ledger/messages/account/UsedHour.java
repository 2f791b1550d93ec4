package io.ledger.messages.account;

import io.ledger.messages.common.Money;

import java.time.Instant;

/** What was paid out in one hour (starting at hour): the amount and the number of payments. */
public record UsedHour(Instant hour, Money amount, int count) {
}
