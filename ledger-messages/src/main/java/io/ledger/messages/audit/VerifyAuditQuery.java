package io.ledger.messages.audit;

/** Recompute the chain over [fromSeq, toSeq] (all when null) and compare every record with the event store. */
public record VerifyAuditQuery(Long fromSeq, Long toSeq) {
}
