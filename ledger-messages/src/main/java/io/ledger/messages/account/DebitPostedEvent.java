package io.ledger.messages.account;

import io.ledger.messages.common.Money;

/** posted fell and pendingDebits fell by amount. */
public record DebitPostedEvent(String accountId, String paymentId, Money amount) {
}
