package io.ledger.messages.audit;

/** An export covers records up to maxAuditSeq; chainHead is that record's hash. */
public record AuditExportPlan(long maxAuditSeq, String chainHead, long firstCheckpointSeq) {
}
