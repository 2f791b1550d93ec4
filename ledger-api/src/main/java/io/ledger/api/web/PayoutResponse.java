package io.ledger.api.web;

import io.ledger.api.privacy.Masking;

import io.ledger.messages.payout.BankResult;
import io.ledger.messages.payout.PayoutStatus;
import io.ledger.messages.payout.PayoutView;
import io.ledger.messages.privacy.PersonalData;

import io.ledger.messages.payment.PaymentView;

import java.time.Instant;

/** A payout as the API shows it. bankResult is the bank's last answer; status says what the ledger booked. */
public record PayoutResponse(String payoutId, String debtorAccount, String clearingAccount, String amount,
                             String currency, PayoutRequest.BeneficiaryBody beneficiary, String remittanceInfo,
                             PayoutStatus status, String rejectionReason, BankResult bankResult, String bankReference,
                             String reasonCode, Instant answerBy, String initiatedBy, Instant createdAt,
                             Instant updatedAt, PaymentView.Risk risk, Instant reviewDecideBy) {

    /**
     * The payout; the beneficiary's name and IBAN in clear only when {@code inClear} (the bank lane, which
     * executes it, and the debtor's owner, who gave them), masked otherwise: the name to its first letter,
     * the IBAN to its country, check digits and last four characters. The BIC names a bank, not a person.
     */
    static PayoutResponse of(PayoutView view, boolean inClear) {
        String name = view.beneficiary().name();
        String iban = view.beneficiary().iban();
        return new PayoutResponse(view.payoutId(), view.debtorAccountId(), view.clearingAccountId(),
                view.amount().toDecimalString(), view.amount().currency(),
                new PayoutRequest.BeneficiaryBody(inClear ? name : Masking.name(name), inClear ? iban : Masking.iban(iban),
                        view.beneficiary().bic()),
                view.remittanceInfo(), view.status(), view.rejectionReason(), view.bankResult(), view.bankReference(),
                view.reasonCode(), view.answerBy(), view.initiatedBy(), view.createdAt(), view.updatedAt(), view.risk(),
                view.reviewDecideBy());
    }
}
