package io.ledger.audit;

import java.util.List;

/** Where a record sits in a signed checkpoint's Merkle tree, and the path to its root. */
public record AuditProof(long auditSeq, long checkpointSeq, long leafIndex, long treeSize, List<String> path) {
}
