package io.ledger.messages.payment;

import io.ledger.messages.common.Money;
import io.ledger.messages.common.RejectionReason;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A payment as the read model knows it at event store position. captureMode, expiresAt (MANUAL only) and
 * capturedAmount (once captured) describe an authorization.
 */
public record PaymentView(String paymentId, String debtorAccountId, String creditorAccountId, String debtorOwnerId,
                          String creditorOwnerId, Money amount, PaymentStatus status, RejectionReason rejectionReason,
                          String remittanceInfo, String reversalOf, String reversedBy, String initiatedBy,
                          Instant createdAt, Instant updatedAt, long position, CaptureMode captureMode,
                          Instant expiresAt, Money capturedAmount, String externalReference,
                          Map<String, String> metadata, Risk risk, Instant reviewDecideBy) {

    /**
     * What the risk rules decided, when any matched (ADR 0026): the version the payment was judged by, the outcome
     * (REVIEW or DENY) and the names of the rules that matched.
     */
    public record Risk(int ruleSetVersion, String outcome, List<String> rules) {
    }

    /** A payment's view without a risk decision. */
    public PaymentView(String paymentId, String debtorAccountId, String creditorAccountId, String debtorOwnerId,
                       String creditorOwnerId, Money amount, PaymentStatus status, RejectionReason rejectionReason,
                       String remittanceInfo, String reversalOf, String reversedBy, String initiatedBy,
                       Instant createdAt, Instant updatedAt, long position, CaptureMode captureMode,
                       Instant expiresAt, Money capturedAmount, String externalReference,
                       Map<String, String> metadata) {
        this(paymentId, debtorAccountId, creditorAccountId, debtorOwnerId, creditorOwnerId, amount, status,
                rejectionReason, remittanceInfo, reversalOf, reversedBy, initiatedBy, createdAt, updatedAt, position,
                captureMode, expiresAt, capturedAmount, externalReference, metadata, null, null);
    }

    /** A payment's view without an external reference or metadata. */
    public PaymentView(String paymentId, String debtorAccountId, String creditorAccountId, String debtorOwnerId,
                       String creditorOwnerId, Money amount, PaymentStatus status, RejectionReason rejectionReason,
                       String remittanceInfo, String reversalOf, String reversedBy, String initiatedBy,
                       Instant createdAt, Instant updatedAt, long position, CaptureMode captureMode,
                       Instant expiresAt, Money capturedAmount) {
        this(paymentId, debtorAccountId, creditorAccountId, debtorOwnerId, creditorOwnerId, amount, status,
                rejectionReason, remittanceInfo, reversalOf, reversedBy, initiatedBy, createdAt, updatedAt, position,
                captureMode, expiresAt, capturedAmount, null, null);
    }

    /** An AUTOMATIC payment's view. */
    public PaymentView(String paymentId, String debtorAccountId, String creditorAccountId, String debtorOwnerId,
                       String creditorOwnerId, Money amount, PaymentStatus status, RejectionReason rejectionReason,
                       String remittanceInfo, String reversalOf, String reversedBy, String initiatedBy,
                       Instant createdAt, Instant updatedAt, long position) {
        this(paymentId, debtorAccountId, creditorAccountId, debtorOwnerId, creditorOwnerId, amount, status,
                rejectionReason, remittanceInfo, reversalOf, reversedBy, initiatedBy, createdAt, updatedAt, position,
                CaptureMode.AUTOMATIC, null, null);
    }
}
