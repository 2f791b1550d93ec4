package io.ledger.api.web;

/** Optional body of POST /v1/payments/{id}/capture: amount (a decimal string) up to the authorized amount. */
public record CaptureRequest(String amount) {
}
