package io.ledger.audit;

import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * One entry of the audit log: an event exactly as the event store holds it, its place in the log, and
 * the hash that chains it to the entry before: {@code hash = SHA-256(prevHash || canonical bytes)}.
 * The genesis entry's prevHash is 32 zero bytes. Hashes are lowercase hex.
 */
public record AuditRecord(long auditSeq, long globalPosition, String eventId, String eventType, String aggregateType,
                          String aggregateId, long aggregateSeq, String timestamp, String payload, String metadata,
                          String prevHash, String hash) {

    public static final String DOMAIN_TAG = "ledger-audit-record-v1";
    public static final String GENESIS = "0".repeat(64);

    /** The canonical bytes the hash covers (every field but the two hashes). */
    public byte[] canonicalBytes() {
        return Canonical.of(DOMAIN_TAG)
                .field(auditSeq).field(globalPosition).field(eventId).field(eventType).field(aggregateType)
                .field(aggregateId).field(aggregateSeq).field(timestamp).field(payload).field(metadata)
                .bytes();
    }

    /** The hash this record must carry given its prevHash. */
    public String computeHash() {
        MessageDigest digest = Canonical.sha256();
        digest.update(HexFormat.of().parseHex(prevHash));
        digest.update(canonicalBytes());
        return HexFormat.of().formatHex(digest.digest());
    }

    /** This record chained after {@code previousHash}, with its hash filled in. */
    public AuditRecord chainedAfter(String previousHash) {
        AuditRecord linked = new AuditRecord(auditSeq, globalPosition, eventId, eventType, aggregateType, aggregateId,
                aggregateSeq, timestamp, payload, metadata, previousHash, null);
        return new AuditRecord(auditSeq, globalPosition, eventId, eventType, aggregateType, aggregateId, aggregateSeq,
                timestamp, payload, metadata, previousHash, linked.computeHash());
    }
}
