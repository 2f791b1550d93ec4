package io.ledger.api.web;

import io.ledger.messages.payout.BankResult;

/**
 * Body of POST /v1/payouts/{id}/bank-result: ACCEPTED with the bank's reference; REJECTED or RETURNED with an
 * ISO 20022 reason code (four characters, e.g. AC04) and, optionally, the bank's reference.
 */
public record BankResultRequest(BankResult result, String bankReference, String reasonCode) {
}
