package io.ledger.messages.account;

import io.ledger.messages.common.Money;

/** At most {@code amount} and at most {@code count} outgoing payments within the window; either may be absent. */
public record WindowLimit(LimitWindow window, Money amount, Integer count) {
}
