package io.ledger.messages.payout;

import io.ledger.messages.audit.AuditedAs;
import io.ledger.messages.common.Money;
import io.ledger.messages.privacy.PersonalData;

/**
 * A payout exists, PENDING; the payout saga starts here and holds the funds. The beneficiary, the remittance
 * text and the initiating principal are personal data, sealed under the initiator's key (ADR 0021).
 * ruleSetVersion is the version of the risk rules the hold is judged by (ADR 0026), null in events from before
 * payouts were judged: those were judged by none. ownerKey: the limits of the debtor's owner, when it had limits as
 * the payout arrived (ADR 0034), which count the hold too.
 */
public record PayoutInitiatedEvent(String payoutId, String debtorAccountId, String clearingAccountId, Money amount,
                                   @PersonalData(subject = "initiatedBy") Beneficiary beneficiary,
                                   @PersonalData(subject = "initiatedBy") String remittanceInfo, String idempotencyKey,
                                   String requestFingerprint, @PersonalData String initiatedBy,
                                   Integer ruleSetVersion, String ownerKey)
        implements AuditedAs.FromAccount {

    /** A payout whose debtor's owner has no limits, or from before owner limits (ADR 0034). */
    public PayoutInitiatedEvent(String payoutId, String debtorAccountId, String clearingAccountId, Money amount,
                                Beneficiary beneficiary, String remittanceInfo, String idempotencyKey,
                                String requestFingerprint, String initiatedBy, Integer ruleSetVersion) {
        this(payoutId, debtorAccountId, clearingAccountId, amount, beneficiary, remittanceInfo, idempotencyKey,
                requestFingerprint, initiatedBy, ruleSetVersion, null);
    }

    /** The risk rules' version this payout is judged by; 0 (none) for payouts from before. */
    public int ruleSetVersionOrNone() {
        return ruleSetVersion == null ? 0 : ruleSetVersion;
    }
}
