package io.ledger.messages.audit;

/** Fixes an export's extent: checkpoints every record so far, then answers the plan. */
public record StartAuditExportQuery(AuditFilter filter) {
}
