package io.ledger.messages.account;

import io.ledger.messages.common.RejectionReason;
import io.ledger.messages.common.Money;

/** The debtor refused the hold; nothing changed on the account. */
public record DebitReservationRejectedEvent(String accountId, String paymentId, Money amount, RejectionReason reason) {
}
