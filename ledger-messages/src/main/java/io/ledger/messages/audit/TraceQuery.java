package io.ledger.messages.audit;

/** Everything one request caused. */
public record TraceQuery(String correlationId) {
}
