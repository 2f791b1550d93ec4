package io.ledger.messages.account;

/**
 * The key of the limits the owner of an account has in its currency, when it has any (ADR 0034): what a lane stamps
 * on a payment from that account. Answers an {@link OwnerLimitsKeyView}; a bank position's owner has none.
 */
public record FindOwnerLimitsKeyQuery(String accountId) {
}
