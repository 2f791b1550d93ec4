package io.ledger.messages.account;

import io.ledger.messages.common.Money;

/** A pending credit is recorded on the creditor: pendingCredits rose by amount. */
public record CreditReservedEvent(String accountId, String paymentId, Money amount) {
}
