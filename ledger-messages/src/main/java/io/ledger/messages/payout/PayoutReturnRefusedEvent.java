package io.ledger.messages.payout;

import io.ledger.messages.common.RejectionReason;

/**
 * A reported return could not be booked: the debtor's account refused the credit (closed or frozen). The
 * money stays on the clearing account, the payout stays SETTLED, and the return can be reported again.
 */
public record PayoutReturnRefusedEvent(String payoutId, RejectionReason reason) {
}
