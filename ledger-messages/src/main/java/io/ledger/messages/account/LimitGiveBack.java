package io.ledger.messages.account;

import java.time.Instant;

/**
 * A reversal's credit to the reversed payment's debtor gives that payment back to the debtor's limit windows: its
 * amount, and its count, in the hour the payment was counted (issue 21); and to its owner's, when ownerKey names the owner that counted it
 * (ADR 0034).
 */
public record LimitGiveBack(String reversedPaymentId, Instant countedAt, String ownerKey) {

    /** The reversed payment was not counted by its debtor's owner (no owner limits, ADR 0034). */
    public LimitGiveBack(String reversedPaymentId, Instant countedAt) {
        this(reversedPaymentId, countedAt, null);
    }
}
