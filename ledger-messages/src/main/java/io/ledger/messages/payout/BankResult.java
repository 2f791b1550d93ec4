package io.ledger.messages.payout;

/** The bank's answer to a payout instruction. */
public enum BankResult {
    /** Executed: the payout settles (debit posted, clearing account credited). */
    ACCEPTED,
    /** Not executed, with an ISO 20022 reason code: the hold is released (the compensation). */
    REJECTED,
    /** Executed, then sent back by the beneficiary's bank: booked as new entries, nothing edited. */
    RETURNED
}
