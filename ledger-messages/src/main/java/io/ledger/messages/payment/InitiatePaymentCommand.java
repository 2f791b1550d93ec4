package io.ledger.messages.payment;

import io.ledger.messages.common.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.Map;

/**
 * Starts a payment. The id is derived from caller and idempotency key, so a replay lands on the same aggregate.
 * A MANUAL payment is authorized until expiresAt; an AUTOMATIC one (expiresAt null) settles at once.
 * externalReference (unique per debtor account, the file lane's EndToEndId) and metadata are the client's own.
 */
public record InitiatePaymentCommand(@TargetAggregateIdentifier String paymentId, String debtorAccountId, String creditorAccountId, Money amount, String remittanceInfo, String idempotencyKey, String requestFingerprint, String initiatedBy,
                                     CaptureMode captureMode, Instant expiresAt, String externalReference,
                                     Map<String, String> metadata, Integer ruleSetVersion) {

    /** A payment judged by the risk rules in force when it arrived, as stamped by the lane that took it. */
    public InitiatePaymentCommand(String paymentId, String debtorAccountId, String creditorAccountId, Money amount,
                                  String remittanceInfo, String idempotencyKey, String requestFingerprint,
                                  String initiatedBy, CaptureMode captureMode, Instant expiresAt,
                                  String externalReference, Map<String, String> metadata) {
        this(paymentId, debtorAccountId, creditorAccountId, amount, remittanceInfo, idempotencyKey, requestFingerprint,
                initiatedBy, captureMode, expiresAt, externalReference, metadata, null);
    }

    /** This payment, to be judged by the given version of the risk rules (ADR 0026). */
    public InitiatePaymentCommand judgedBy(int version) {
        return new InitiatePaymentCommand(paymentId, debtorAccountId, creditorAccountId, amount, remittanceInfo,
                idempotencyKey, requestFingerprint, initiatedBy, captureMode, expiresAt, externalReference, metadata,
                version);
    }

    /** A payment without an external reference or metadata. */
    public InitiatePaymentCommand(String paymentId, String debtorAccountId, String creditorAccountId, Money amount,
                                  String remittanceInfo, String idempotencyKey, String requestFingerprint,
                                  String initiatedBy, CaptureMode captureMode, Instant expiresAt) {
        this(paymentId, debtorAccountId, creditorAccountId, amount, remittanceInfo, idempotencyKey, requestFingerprint,
                initiatedBy, captureMode, expiresAt, null, null);
    }

    /** An AUTOMATIC payment: settled at once. */
    public InitiatePaymentCommand(String paymentId, String debtorAccountId, String creditorAccountId, Money amount,
                                  String remittanceInfo, String idempotencyKey, String requestFingerprint,
                                  String initiatedBy) {
        this(paymentId, debtorAccountId, creditorAccountId, amount, remittanceInfo, idempotencyKey, requestFingerprint,
                initiatedBy, CaptureMode.AUTOMATIC, null);
    }
}
