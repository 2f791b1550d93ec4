package io.ledger.api.web;

/** Body of POST /v1/payouts. The amount is a decimal string; JSON numbers are refused. */
public record PayoutRequest(String debtorAccount, String amount, String currency, BeneficiaryBody beneficiary,
                            String remittanceInfo) {

    /** Who is paid outside the ledger: name, IBAN, and optionally the BIC of the beneficiary's bank. */
    public record BeneficiaryBody(String name, String iban, String bic) {
        @Override
        public String toString() {
            return "BeneficiaryBody[redacted]";
        }
    }
}
