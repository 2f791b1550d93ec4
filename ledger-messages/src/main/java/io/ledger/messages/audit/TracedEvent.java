package io.ledger.messages.audit;

/** An event a request caused. */
public record TracedEvent(long auditSeq, long globalPosition, String eventType, String aggregateType, String aggregateId, long aggregateSeq, String causationId, String timestamp) {
}
