package io.ledger.messages.payout;

import io.ledger.messages.audit.AuditedAs;
import io.ledger.messages.common.Money;
import io.ledger.messages.privacy.PersonalData;

/**
 * A payout exists, PENDING; the payout saga starts here and holds the funds. The beneficiary, the remittance
 * text and the initiating principal are personal data, sealed under the initiator's key (ADR 0021).
 * ruleSetVersion is the version of the risk rules the hold is judged by (ADR 0026), null in events from before
 * payouts were judged: those were judged by none.
 */
public record PayoutInitiatedEvent(String payoutId, String debtorAccountId, String clearingAccountId, Money amount,
                                   @PersonalData(subject = "initiatedBy") Beneficiary beneficiary,
                                   @PersonalData(subject = "initiatedBy") String remittanceInfo, String idempotencyKey,
                                   String requestFingerprint, @PersonalData String initiatedBy,
                                   Integer ruleSetVersion)
        implements AuditedAs.FromAccount {

    /** The risk rules' version this payout is judged by; 0 (none) for payouts from before. */
    public int ruleSetVersionOrNone() {
        return ruleSetVersion == null ? 0 : ruleSetVersion;
    }
}
