package io.ledger.messages.audit;

/** An account whose read model disagrees with its events. */
public record AccountMismatch(String accountId, long readModelVersion, long readModelPosted, long replayedPosted, long readModelPendingDebits, long replayedPendingDebits, long readModelPendingCredits, long replayedPendingCredits) {
}
