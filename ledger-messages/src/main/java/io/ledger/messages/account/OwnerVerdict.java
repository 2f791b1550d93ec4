package io.ledger.messages.account;

/**
 * What the debtor's owner said about a payment, sent with its debit or debit hold (ADR 0034): the debtor counts
 * {@code within == false} as LIMIT_EXCEEDED among its own limits, so the refusal keeps the reasons' precedence, and
 * remembers the owner on a hold so that releasing it gives the amount back to the owner too.
 */
public record OwnerVerdict(String ownerKey, boolean within) {
}
