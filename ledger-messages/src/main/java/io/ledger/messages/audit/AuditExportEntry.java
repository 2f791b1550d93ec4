package io.ledger.messages.audit;

/** An exported record with its proof. */
public record AuditExportEntry(AuditRecord record, AuditProof proof) {
}
