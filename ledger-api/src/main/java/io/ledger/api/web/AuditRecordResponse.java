package io.ledger.api.web;

import io.ledger.audit.AuditRecord;

import java.util.Map;

/**
 * An audit record as stored and hashed, and beside it what its sealed values read as now (ADR 0021):
 * {@code personalData} maps each sealed value's JSON pointer in the payload or the metadata to its clear
 * text, or {@code [erased]}; null when the record holds none. The hash covers the stored text only.
 */
public record AuditRecordResponse(long auditSeq, long globalPosition, String eventId, String eventType,
                                  String aggregateType, String aggregateId, long aggregateSeq, String timestamp,
                                  String payload, String metadata, String prevHash, String hash,
                                  Map<String, Map<String, String>> personalData) {

    static AuditRecordResponse of(AuditRecord r, Map<String, Map<String, String>> personalData) {
        return new AuditRecordResponse(r.auditSeq(), r.globalPosition(), r.eventId(), r.eventType(), r.aggregateType(),
                r.aggregateId(), r.aggregateSeq(), r.timestamp(), r.payload(), r.metadata(), r.prevHash(), r.hash(),
                personalData);
    }
}
