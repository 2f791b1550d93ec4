package io.ledger.messages.payout;

/** The bank rejected the payout (reasonCode, ISO 20022); its holds are released, nothing was posted. */
public record PayoutRejectedEvent(String payoutId, String reasonCode) {
}
