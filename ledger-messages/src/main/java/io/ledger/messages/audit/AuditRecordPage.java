package io.ledger.messages.audit;

import io.ledger.audit.AuditRecord;

import java.util.List;

/** One page of the audit log; nextCursor is null on the last page. */
public record AuditRecordPage(List<AuditRecord> items, String nextCursor) {
}
