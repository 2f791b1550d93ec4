package io.ledger.messages.audit;

/** The outcome of a verification: verified, or the first broken position and what differs. */
public record AuditVerification(boolean verified, long fromSeq, long toSeq, long recordsChecked, long checkpointsChecked, Long brokenAtAuditSeq, Long brokenAtGlobalPosition, String reason) {
}
