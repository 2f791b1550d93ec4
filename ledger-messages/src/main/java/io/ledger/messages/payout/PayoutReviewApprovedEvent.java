package io.ledger.messages.payout;

import io.ledger.messages.privacy.PersonalData;

/** An analyst approved the payout in review; the saga instructs it. */
public record PayoutReviewApprovedEvent(String payoutId, @PersonalData String approvedBy) {
}
