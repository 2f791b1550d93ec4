package io.ledger.api.web;

/** Body of POST /v1/payments. The amount is a decimal string; JSON numbers are refused. */
public record PaymentRequest(String debtorAccount, String creditorAccount, String amount, String currency,
                             String remittanceInfo) {
}
