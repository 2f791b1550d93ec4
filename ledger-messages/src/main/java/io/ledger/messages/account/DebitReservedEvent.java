package io.ledger.messages.account;

import io.ledger.messages.common.Money;

/**
 * Funds are held on the debtor: pendingDebits rose by amount.
 *
 * <p>Written only by versions before ADR 0013 (holds taken and posted as separate events); still read
 * when an account is replayed and when read models or the audit log are rebuilt from such a history.
 */
public record DebitReservedEvent(String accountId, String paymentId, Money amount) {
}
