package io.ledger.messages.payment;

import java.time.Instant;
import io.ledger.messages.common.Money;
import io.ledger.messages.common.RejectionReason;

/** A payment as the read model knows it at event store position. */
public record PaymentView(String paymentId, String debtorAccountId, String creditorAccountId, String debtorOwnerId, String creditorOwnerId, Money amount, PaymentStatus status, RejectionReason rejectionReason, String remittanceInfo, String reversalOf, String reversedBy, String initiatedBy, Instant createdAt, Instant updatedAt, long position) {
}
