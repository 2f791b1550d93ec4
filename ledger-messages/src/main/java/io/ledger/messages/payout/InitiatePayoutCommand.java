package io.ledger.messages.payout;

import io.ledger.messages.common.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Starts a payout. The id is derived from caller and idempotency key, so a replay lands on the same aggregate.
 * ruleSetVersion is the version of the risk rules in force when it arrived, stamped by the lane that took it (ADR
 * 0026); null: judged by none.
 */
public record InitiatePayoutCommand(@TargetAggregateIdentifier String payoutId, String debtorAccountId,
                                    String clearingAccountId, Money amount, Beneficiary beneficiary,
                                    String remittanceInfo, String idempotencyKey, String requestFingerprint,
                                    String initiatedBy, Integer ruleSetVersion) {

    /** A payout not yet stamped with the risk rules' version (the lane stamps it when it sends it). */
    public InitiatePayoutCommand(String payoutId, String debtorAccountId, String clearingAccountId, Money amount,
                                 Beneficiary beneficiary, String remittanceInfo, String idempotencyKey,
                                 String requestFingerprint, String initiatedBy) {
        this(payoutId, debtorAccountId, clearingAccountId, amount, beneficiary, remittanceInfo, idempotencyKey,
                requestFingerprint, initiatedBy, null);
    }

    /** This payout, to be judged by the given version of the risk rules. */
    public InitiatePayoutCommand judgedBy(int version) {
        return new InitiatePayoutCommand(payoutId, debtorAccountId, clearingAccountId, amount, beneficiary,
                remittanceInfo, idempotencyKey, requestFingerprint, initiatedBy, version);
    }
}
