package io.ledger.messages.account;

import io.ledger.messages.audit.AuditedAs;
import io.ledger.messages.common.RejectionReason;
import io.ledger.messages.common.Money;

/**
 * The creditor refused the pending credit; nothing changed on the account.
 *
 * <p>Written only by versions before ADR 0013 (holds taken and posted as separate events); still read
 * when an account is replayed and when read models or the audit log are rebuilt from such a history.
 */
public record CreditReservationRejectedEvent(String accountId, String paymentId, Money amount, RejectionReason reason)
        implements AuditedAs.OfAccount, AuditedAs.OfPayment {
}
