package io.ledger.api.web;

/** Optional body of freeze and reversal requests: a free-text reason or remittance note. */
public record NoteRequest(String reason, String remittanceInfo) {
}
