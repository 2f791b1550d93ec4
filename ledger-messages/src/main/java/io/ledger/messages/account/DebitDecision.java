package io.ledger.messages.account;

import io.ledger.messages.common.Money;

/**
 * A debit or a debit hold: what the debtor decides, and may decide only with its owner's verdict (ADR 0034), so that
 * the settlement can ask the owner and send the same decision again with the answer.
 */
public interface DebitDecision {

    String paymentId();

    Money amount();

    /** The same decision, with what the debtor's owner said of it. */
    DebitDecision withOwner(OwnerVerdict verdict);
}
