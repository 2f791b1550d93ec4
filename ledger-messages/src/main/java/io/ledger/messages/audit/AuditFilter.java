package io.ledger.messages.audit;

import java.time.Instant;

/** Which audit records a listing or export covers; null fields do not filter. Times are event times, [from, to). */
public record AuditFilter(Instant from, Instant to, String accountId, String paymentId, String correlationId, String principal, String eventType) {
}
