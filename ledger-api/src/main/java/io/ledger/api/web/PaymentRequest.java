package io.ledger.api.web;

import io.ledger.messages.payment.CaptureMode;

import java.util.Map;

/**
 * Body of POST /v1/payments. The amount is a decimal string; JSON numbers are refused. capture MANUAL makes
 * an authorization, which lives authorizationTtl (ISO-8601) or the configured default. externalReference and
 * metadata are the client's own handles (metadata values must be strings: anything else is refused, not
 * converted).
 */
public record PaymentRequest(String debtorAccount, String creditorAccount, String amount, String currency,
                             String remittanceInfo, CaptureMode capture, String authorizationTtl,
                             String externalReference, Map<String, Object> metadata) {
}
