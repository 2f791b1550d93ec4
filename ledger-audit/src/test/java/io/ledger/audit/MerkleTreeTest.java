package io.ledger.audit;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MerkleTreeTest {

    private static final HexFormat HEX = HexFormat.of();

    private static List<String> hashes(int n) {
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            hashes.add(HEX.formatHex(Canonical.sha256().digest(("record " + i).getBytes(StandardCharsets.UTF_8))));
        }
        return hashes;
    }

    /** RFC 6962 section 2.1, written recursively as the RFC states it, to check the level-wise build. */
    private static byte[] rfcRoot(List<byte[]> leaves) throws Exception {
        if (leaves.size() == 1) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update((byte) 0);
            d.update(leaves.get(0));
            return d.digest();
        }
        int k = Integer.highestOneBit(leaves.size() - 1);
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        d.update((byte) 1);
        d.update(rfcRoot(leaves.subList(0, k)));
        d.update(rfcRoot(leaves.subList(k, leaves.size())));
        return d.digest();
    }

    @Property(tries = 80)
    void rootMatchesRfc6962AndEveryProofVerifies(@ForAll @IntRange(min = 1, max = 300) int size) throws Exception {
        List<String> hashes = hashes(size);
        MerkleTree tree = new MerkleTree(hashes);
        assertEquals(HEX.formatHex(rfcRoot(hashes.stream().map(HEX::parseHex).toList())), tree.root());
        for (int i = 0; i < size; i++) {
            assertTrue(MerkleTree.verify(hashes.get(i), i, size, tree.proof(i), tree.root()), "leaf " + i + " of " + size);
        }
    }

    @Test
    void aProofDoesNotVerifyAnotherLeafIndexOrRecord() {
        List<String> hashes = hashes(37);
        MerkleTree tree = new MerkleTree(hashes);
        assertFalse(MerkleTree.verify(hashes.get(5), 6, 37, tree.proof(5), tree.root()));
        assertFalse(MerkleTree.verify(hashes.get(6), 5, 37, tree.proof(5), tree.root()));
        assertFalse(MerkleTree.verify(hashes.get(5), 5, 37, tree.proof(5).subList(1, tree.proof(5).size()), tree.root()));
    }

    @Test
    void recordHashesChainAndCoverEveryField() {
        AuditRecord first = new AuditRecord(1, 10, "e1", "T", "Account", "a", 0, "2026-01-01T00:00:00Z", "{}", "{}",
                null, null).chainedAfter(AuditRecord.GENESIS);
        AuditRecord second = new AuditRecord(2, 11, "e2", "T", "Account", "a", 1, "2026-01-01T00:00:00Z", "{\"x\":1}",
                "{}", null, null).chainedAfter(first.hash());
        assertEquals(second.hash(), second.computeHash());
        AuditRecord edited = new AuditRecord(2, 11, "e2", "T", "Account", "a", 1, "2026-01-01T00:00:00Z", "{\"x\":2}",
                "{}", second.prevHash(), second.hash());
        assertFalse(edited.hash().equals(edited.computeHash()));
        // Length prefixes: moving a character between fields changes the bytes.
        assertFalse(java.util.Arrays.equals(Canonical.of("t").field("ab").field("c").bytes(),
                Canonical.of("t").field("a").field("bc").bytes()));
    }
}
