package io.ledger.messages.payment;

import io.ledger.messages.audit.AuditedAs;
import io.ledger.messages.common.Money;
import io.ledger.messages.privacy.PersonalData;

import java.time.Instant;
import java.util.Map;

/**
 * A payment exists, PENDING; the saga starts here. reversalOf names the payment this one reverses, if any.
 * captureMode is null in events written before authorizations existed: those are AUTOMATIC. The remittance text
 * and the initiating principal are personal data, sealed under the initiator's key (ADR 0021), and so is the
 * client's metadata (it may say anything); the external reference is an identifier, in clear. ruleSetVersion is the
 * version of the risk rules in force when the payment arrived (ADR 0026), null in events from before them.
 * reversedCountedAt, on a reversal, is when the reversed payment was counted against its debtor's limits: the
 * reversal gives it back there when it settles.
 */
public record PaymentInitiatedEvent(String paymentId, String debtorAccountId, String creditorAccountId, Money amount,
                                    @PersonalData(subject = "initiatedBy") String remittanceInfo, String idempotencyKey,
                                    String requestFingerprint, @PersonalData String initiatedBy, String reversalOf,
                                    CaptureMode captureMode, Instant expiresAt, String externalReference,
                                    @PersonalData(subject = "initiatedBy") Map<String, String> metadata,
                                    Integer ruleSetVersion, Instant reversedCountedAt)
        implements AuditedAs.FromAccount, AuditedAs.ToAccount, AuditedAs.OfPayment {

    /** A payment that reverses none, or from before reversals gave back to limits. */
    public PaymentInitiatedEvent(String paymentId, String debtorAccountId, String creditorAccountId, Money amount,
                                 String remittanceInfo, String idempotencyKey, String requestFingerprint,
                                 String initiatedBy, String reversalOf, CaptureMode captureMode, Instant expiresAt,
                                 String externalReference, Map<String, String> metadata, Integer ruleSetVersion) {
        this(paymentId, debtorAccountId, creditorAccountId, amount, remittanceInfo, idempotencyKey, requestFingerprint,
                initiatedBy, reversalOf, captureMode, expiresAt, externalReference, metadata, ruleSetVersion, null);
    }

    /** A payment from before risk rules (ADR 0026): judged by none. */
    public PaymentInitiatedEvent(String paymentId, String debtorAccountId, String creditorAccountId, Money amount,
                                 String remittanceInfo, String idempotencyKey, String requestFingerprint,
                                 String initiatedBy, String reversalOf, CaptureMode captureMode, Instant expiresAt,
                                 String externalReference, Map<String, String> metadata) {
        this(paymentId, debtorAccountId, creditorAccountId, amount, remittanceInfo, idempotencyKey, requestFingerprint,
                initiatedBy, reversalOf, captureMode, expiresAt, externalReference, metadata, null);
    }

    /** The risk rules' version this payment is judged by; 0 (none) for payments from before they existed. */
    public int ruleSetVersionOrNone() {
        return ruleSetVersion == null ? 0 : ruleSetVersion;
    }

    /** A payment without an external reference or metadata, as every payment was before they existed. */
    public PaymentInitiatedEvent(String paymentId, String debtorAccountId, String creditorAccountId, Money amount,
                                 String remittanceInfo, String idempotencyKey, String requestFingerprint,
                                 String initiatedBy, String reversalOf, CaptureMode captureMode, Instant expiresAt) {
        this(paymentId, debtorAccountId, creditorAccountId, amount, remittanceInfo, idempotencyKey, requestFingerprint,
                initiatedBy, reversalOf, captureMode, expiresAt, null, null);
    }

    /** An AUTOMATIC payment, as every payment was before authorizations existed. */
    public PaymentInitiatedEvent(String paymentId, String debtorAccountId, String creditorAccountId, Money amount,
                                 String remittanceInfo, String idempotencyKey, String requestFingerprint,
                                 String initiatedBy, String reversalOf) {
        this(paymentId, debtorAccountId, creditorAccountId, amount, remittanceInfo, idempotencyKey, requestFingerprint,
                initiatedBy, reversalOf, CaptureMode.AUTOMATIC, null);
    }

    /** MANUAL when the payment is to be authorized and captured later. */
    public boolean manual() {
        return captureMode == CaptureMode.MANUAL;
    }
}
