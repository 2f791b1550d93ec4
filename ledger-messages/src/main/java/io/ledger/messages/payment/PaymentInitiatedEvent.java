package io.ledger.messages.payment;

import io.ledger.messages.common.Money;
import io.ledger.messages.privacy.PersonalData;

import java.time.Instant;
import java.util.Map;

/**
 * A payment exists, PENDING; the saga starts here. reversalOf names the payment this one reverses, if any.
 * captureMode is null in events written before authorizations existed: those are AUTOMATIC. The remittance text
 * and the initiating principal are personal data, sealed under the initiator's key (ADR 0021), and so is the
 * client's metadata (it may say anything); the external reference is an identifier, in clear.
 */
public record PaymentInitiatedEvent(String paymentId, String debtorAccountId, String creditorAccountId, Money amount,
                                    @PersonalData(subject = "initiatedBy") String remittanceInfo, String idempotencyKey,
                                    String requestFingerprint, @PersonalData String initiatedBy, String reversalOf,
                                    CaptureMode captureMode, Instant expiresAt, String externalReference,
                                    @PersonalData(subject = "initiatedBy") Map<String, String> metadata) {

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
