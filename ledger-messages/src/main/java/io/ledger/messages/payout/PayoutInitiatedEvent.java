package io.ledger.messages.payout;

import io.ledger.messages.common.Money;

/** A payout exists, PENDING; the payout saga starts here and holds the funds. */
public record PayoutInitiatedEvent(String payoutId, String debtorAccountId, String clearingAccountId, Money amount,
                                   Beneficiary beneficiary, String remittanceInfo, String idempotencyKey,
                                   String requestFingerprint, String initiatedBy) {
}
