package io.ledger.messages.payout;

import io.ledger.messages.privacy.PersonalData;

/**
 * The payout in review ends REJECTED, RISK_DECLINED: declined by an analyst, or (declinedBy null) by its deadline.
 * The saga releases both holds.
 */
public record PayoutReviewDeclinedEvent(String payoutId, @PersonalData String declinedBy) {
}
