package io.ledger.audit;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The Merkle tree of RFC 6962 / RFC 9162 over record hashes: leaf = SHA-256(0x00 || record hash),
 * node = SHA-256(0x01 || left || right), a level with an odd count carries its last node up unchanged
 * (the same tree as RFC 6962's split at the largest power of two). Built once per checkpoint range,
 * it answers each inclusion proof in O(log n).
 */
public final class MerkleTree {

    private static final HexFormat HEX = HexFormat.of();
    private final List<byte[][]> levels = new ArrayList<>();

    public MerkleTree(List<String> recordHashes) {
        if (recordHashes.isEmpty()) {
            throw new IllegalArgumentException("a Merkle tree needs at least one leaf");
        }
        byte[][] level = new byte[recordHashes.size()][];
        for (int i = 0; i < level.length; i++) {
            level[i] = leaf(HEX.parseHex(recordHashes.get(i)));
        }
        levels.add(level);
        while (level.length > 1) {
            byte[][] next = new byte[(level.length + 1) / 2][];
            for (int i = 0; i < level.length; i += 2) {
                next[i / 2] = i + 1 < level.length ? node(level[i], level[i + 1]) : level[i];
            }
            levels.add(next);
            level = next;
        }
    }

    public String root() {
        return HEX.formatHex(levels.get(levels.size() - 1)[0]);
    }

    /** The audit path for the leaf at index, bottom up, as hex. */
    public List<String> proof(int index) {
        List<String> path = new ArrayList<>();
        int i = index;
        for (int l = 0; l < levels.size() - 1; l++) {
            byte[][] level = levels.get(l);
            int sibling = i ^ 1;
            if (sibling < level.length) {
                path.add(HEX.formatHex(level[sibling]));
            }
            i >>= 1;
        }
        return path;
    }

    /** RFC 9162 section 2.1.3.2: does this path prove the record hash at leafIndex under root? */
    public static boolean verify(String recordHash, long leafIndex, long treeSize, List<String> path, String root) {
        if (leafIndex < 0 || leafIndex >= treeSize) {
            return false;
        }
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] r = leaf(HEX.parseHex(recordHash));
        for (String p : path) {
            byte[] sibling = HEX.parseHex(p);
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = node(sibling, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = node(r, sibling);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && HEX.formatHex(r).equals(root);
    }

    private static byte[] leaf(byte[] recordHash) {
        MessageDigest digest = Canonical.sha256();
        digest.update((byte) 0x00);
        digest.update(recordHash);
        return digest.digest();
    }

    private static byte[] node(byte[] left, byte[] right) {
        MessageDigest digest = Canonical.sha256();
        digest.update((byte) 0x01);
        digest.update(left);
        digest.update(right);
        return digest.digest();
    }
}
