package io.ledger.api.web;

import io.ledger.messages.common.RejectionReason;
import io.ledger.messages.payment.CaptureMode;
import io.ledger.messages.payment.PaymentStatus;
import io.ledger.messages.payment.PaymentView;

import java.time.Instant;
import java.util.Map;

/** A payment as the API shows it. */
public record PaymentResponse(String paymentId, String debtorAccount, String creditorAccount, String amount,
                              String currency, PaymentStatus status, RejectionReason rejectionReason,
                              String remittanceInfo, String reversalOf, String reversedBy, String initiatedBy,
                              Instant createdAt, Instant updatedAt, CaptureMode capture, Instant expiresAt,
                              String capturedAmount, String externalReference, Map<String, String> metadata,
                              PaymentView.Risk risk, Instant reviewDecideBy) {

    static PaymentResponse of(PaymentView view) {
        return new PaymentResponse(view.paymentId(), view.debtorAccountId(), view.creditorAccountId(),
                view.amount().toDecimalString(), view.amount().currency(), view.status(), view.rejectionReason(),
                view.remittanceInfo(), view.reversalOf(), view.reversedBy(), view.initiatedBy(), view.createdAt(),
                view.updatedAt(), view.captureMode(), view.expiresAt(),
                view.capturedAmount() == null ? null : view.capturedAmount().toDecimalString(), view.externalReference(),
                view.metadata(), view.risk(), view.reviewDecideBy());
    }
}
