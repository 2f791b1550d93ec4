package io.ledger.messages.audit;

/** A page of audit records in log order. */
public record ListAuditRecordsQuery(AuditFilter filter, String cursor, int limit) {
}
