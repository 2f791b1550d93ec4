package io.ledger.messages.payout;

import io.ledger.messages.common.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Starts a payout. The id is derived from caller and idempotency key, so a replay lands on the same aggregate. */
public record InitiatePayoutCommand(@TargetAggregateIdentifier String payoutId, String debtorAccountId,
                                    String clearingAccountId, Money amount, Beneficiary beneficiary,
                                    String remittanceInfo, String idempotencyKey, String requestFingerprint,
                                    String initiatedBy) {
}
