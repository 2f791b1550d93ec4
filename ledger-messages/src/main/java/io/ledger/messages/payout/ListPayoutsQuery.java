package io.ledger.messages.payout;

/** Payouts oldest first (the bank lane works through them in order); filters: status, the debtor's owner. */
public record ListPayoutsQuery(PayoutStatus status, String debtorOwnerId, String cursor, int limit) {
}
