package io.ledger.api.web;

import io.ledger.messages.payout.BankResult;
import io.ledger.messages.payout.PayoutStatus;
import io.ledger.messages.payout.PayoutView;

import java.time.Instant;

/** A payout as the API shows it. bankResult is the bank's last answer; status says what the ledger booked. */
public record PayoutResponse(String payoutId, String debtorAccount, String clearingAccount, String amount,
                             String currency, PayoutRequest.BeneficiaryBody beneficiary, String remittanceInfo,
                             PayoutStatus status, String rejectionReason, BankResult bankResult, String bankReference,
                             String reasonCode, Instant answerBy, String initiatedBy, Instant createdAt,
                             Instant updatedAt) {

    static PayoutResponse of(PayoutView view) {
        return new PayoutResponse(view.payoutId(), view.debtorAccountId(), view.clearingAccountId(),
                view.amount().toDecimalString(), view.amount().currency(),
                new PayoutRequest.BeneficiaryBody(view.beneficiary().name(), view.beneficiary().iban(),
                        view.beneficiary().bic()),
                view.remittanceInfo(), view.status(), view.rejectionReason(), view.bankResult(), view.bankReference(),
                view.reasonCode(), view.answerBy(), view.initiatedBy(), view.createdAt(), view.updatedAt());
    }
}
