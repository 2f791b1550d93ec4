package io.ledger.messages.account;

import io.ledger.messages.common.Money;

/** pendingDebits fell by amount; posted unchanged. */
public record DebitReleasedEvent(String accountId, String paymentId, Money amount) {
}
