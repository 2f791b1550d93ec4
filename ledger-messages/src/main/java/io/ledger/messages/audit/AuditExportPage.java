package io.ledger.messages.audit;

import java.util.List;

/** One page of an export. */
public record AuditExportPage(List<AuditExportEntry> entries, long lastAuditSeq, boolean last) {
}
