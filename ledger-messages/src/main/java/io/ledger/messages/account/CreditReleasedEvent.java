package io.ledger.messages.account;

import io.ledger.messages.common.Money;

/** pendingCredits fell by amount; posted unchanged. */
public record CreditReleasedEvent(String accountId, String paymentId, Money amount) {
}
