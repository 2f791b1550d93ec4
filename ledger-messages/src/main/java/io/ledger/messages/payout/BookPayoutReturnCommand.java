package io.ledger.messages.payout;

import io.ledger.messages.common.RejectionReason;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The saga: the return is booked (clearing account debited, debtor credited), or, with a refusal, could not
 * be: the debtor's account refused the credit, the money stays on the clearing account and the return may be
 * reported again once the account accepts it.
 */
public record BookPayoutReturnCommand(@TargetAggregateIdentifier String payoutId, RejectionReason refusal) {
}
