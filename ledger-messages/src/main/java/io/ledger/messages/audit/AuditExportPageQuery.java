package io.ledger.messages.audit;

/** The next records of an export, with their inclusion proofs. */
public record AuditExportPageQuery(AuditFilter filter, long afterAuditSeq, long maxAuditSeq, int limit) {
}
