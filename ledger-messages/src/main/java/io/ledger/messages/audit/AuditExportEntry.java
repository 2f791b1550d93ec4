package io.ledger.messages.audit;

import io.ledger.audit.AuditProof;
import io.ledger.audit.AuditRecord;

/** An exported record with its proof. */
public record AuditExportEntry(AuditRecord record, AuditProof proof) {
}
