package io.ledger.messages.account;

import io.ledger.messages.common.RejectionReason;
import io.ledger.messages.common.Money;

/** The creditor refused the pending credit; nothing changed on the account. */
public record CreditReservationRejectedEvent(String accountId, String paymentId, Money amount, RejectionReason reason) {
}
