package io.ledger.audit;

/**
 * A signed statement over a contiguous range of audit records [fromSeq, toSeq]: the chain head (the
 * hash of record toSeq) and the Merkle root of the range's record hashes. The signature is Ed25519
 * over {@link #canonicalBytes()}, base64; keyId is the first 16 hex digits of SHA-256 of the public
 * key's X.509 encoding.
 */
public record Checkpoint(long checkpointSeq, long fromSeq, long toSeq, String chainHead, String merkleRoot,
                         String createdAt, String keyId, String signature) {

    public static final String DOMAIN_TAG = "ledger-audit-checkpoint-v1";

    public byte[] canonicalBytes() {
        return Canonical.of(DOMAIN_TAG)
                .field(checkpointSeq).field(fromSeq).field(toSeq).field(chainHead).field(merkleRoot)
                .field(createdAt).field(keyId)
                .bytes();
    }

    public long treeSize() {
        return toSeq - fromSeq + 1;
    }

    public boolean covers(long auditSeq) {
        return auditSeq >= fromSeq && auditSeq <= toSeq;
    }

    public Checkpoint signed(String signatureBase64) {
        return new Checkpoint(checkpointSeq, fromSeq, toSeq, chainHead, merkleRoot, createdAt, keyId, signatureBase64);
    }
}
