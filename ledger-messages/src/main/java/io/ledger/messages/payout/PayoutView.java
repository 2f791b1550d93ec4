package io.ledger.messages.payout;

import io.ledger.messages.payment.PaymentView;

import io.ledger.messages.common.Money;

import java.time.Instant;

/** A payout as the read side shows it. bankResult is the last answer reported; status says what is booked. */
public record PayoutView(String payoutId, String debtorAccountId, String debtorOwnerId, String clearingAccountId,
                         Money amount, Beneficiary beneficiary, String remittanceInfo, PayoutStatus status,
                         String rejectionReason, BankResult bankResult, String bankReference, String reasonCode,
                         Instant answerBy, String initiatedBy, Instant createdAt, Instant updatedAt, long position,
                         PaymentView.Risk risk, Instant reviewDecideBy) {
}
