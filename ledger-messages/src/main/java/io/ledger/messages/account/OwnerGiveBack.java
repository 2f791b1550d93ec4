package io.ledger.messages.account;

import java.time.Instant;

/**
 * On an account event that gives a payment back to the account's own limit windows (a released hold, a reversal's
 * credit), the same give-back owed to the owner's windows, when the owner counted the payment (ADR 0034): its key,
 * when it was counted, and whether the payment ends unpaid (false for the rest of a partial capture).
 */
public record OwnerGiveBack(String ownerKey, Instant countedAt, boolean payment) {
}
