package io.ledger.messages.payout;

import io.ledger.messages.common.RejectionReason;

/** The payout ends REJECTED before reaching the bank: the ledger's rules refused it, nothing was held. */
public record PayoutRefusedEvent(String payoutId, RejectionReason reason) {
}
