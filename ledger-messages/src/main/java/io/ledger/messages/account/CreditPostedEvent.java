package io.ledger.messages.account;

import io.ledger.messages.common.Money;

/** posted rose and pendingCredits fell by amount. */
public record CreditPostedEvent(String accountId, String paymentId, Money amount) {
}
