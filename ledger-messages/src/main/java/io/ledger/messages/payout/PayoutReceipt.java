package io.ledger.messages.payout;

/** What a payout command answers: the payout's status as the aggregate knows it, and whether the request was a replay. */
public record PayoutReceipt(String payoutId, PayoutStatus status, boolean replayed) {
}
