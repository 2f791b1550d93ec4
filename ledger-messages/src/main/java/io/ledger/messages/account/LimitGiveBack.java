package io.ledger.messages.account;

import java.time.Instant;

/**
 * A reversal's credit to the reversed payment's debtor gives that payment back to the debtor's limit windows: its
 * amount, and its count, in the hour the payment was counted (issue 21).
 */
public record LimitGiveBack(String reversedPaymentId, Instant countedAt) {
}
