package io.ledger.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The offline verifier on exports written here with the service's own writer (ExportFormat), signed with a key made
 * for the test: a faithful export verifies; each kind of tampering is refused and named. No service, no database.
 */
class VerifyExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KeyPair KEY = generate();
    private static final KeyPair OTHER_KEY = generate();

    @ParameterizedTest
    @ValueSource(strings = {"ndjson", "csv"})
    void aFaithfulExportVerifies(String format) throws IOException {
        Path file = export(format, 25, 10, KEY, UnaryOperator.identity());
        Result result = verify(file, KEY);
        assertEquals(0, result.exit(), result.out());
        assertTrue(result.out().startsWith("VERIFIED") && result.out().contains("25 records, 3 signed checkpoints"),
                result.out());
    }

    @Test
    void aChangedPayloadIsNamed() throws IOException {
        Path file = export("ndjson", 12, 5, KEY, line -> "record".equals(line.path("type").asText())
                && line.path("auditSeq").asLong() == 7 ? line.put("payload", "{\"amount\":100001}") : line);
        Result result = verify(file, KEY);
        assertEquals(1, result.exit());
        assertTrue(result.out().contains("audit record 7"), result.out());
    }

    @Test
    void aCheckpointSignedByAKeyNotGivenIsRefused() throws IOException {
        Path file = export("ndjson", 6, 6, OTHER_KEY, UnaryOperator.identity());
        Result result = verify(file, KEY);
        assertEquals(1, result.exit());
        assertTrue(result.out().contains("signature does not verify")
                && result.out().contains("which was not given"), result.out());
    }

    @Test
    void aManifestThatMiscountsIsRefused() throws IOException {
        Path file = export("csv", 8, 4, KEY, line -> "manifest".equals(line.path("type").asText())
                ? line.put("count", 9) : line);
        Result result = verify(file, KEY);
        assertEquals(1, result.exit());
        assertTrue(result.out().contains("the manifest announces 9 records, the file holds 8"), result.out());
    }

    @Test
    void anExportCutBeforeItsManifestIsRefused() throws IOException {
        Path file = export("ndjson", 8, 4, KEY, line -> "manifest".equals(line.path("type").asText()) ? null : line);
        Result result = verify(file, KEY);
        assertEquals(1, result.exit());
        assertTrue(result.out().contains("no manifest"), result.out());
    }

    @Test
    void usageIsExitTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, VerifyExport.run(new String[] {"export.ndjson"}, new PrintStream(OutputStream.nullOutputStream()),
                new PrintStream(err)));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("usage: verify-export"));
    }

    /** Whichever record loses its line, the verifier notices: its proof has no record, or the chain breaks. */
    @Property(tries = 40)
    void anyDroppedRecordIsNoticed(@ForAll @IntRange(min = 1, max = 20) int dropped) throws IOException {
        Path file = export("ndjson", 20, 8, KEY, line -> "record".equals(line.path("type").asText())
                && line.path("auditSeq").asLong() == dropped ? null : line);
        Result result = verify(file, KEY);
        assertEquals(1, result.exit(), result.out());
        assertTrue(result.out().startsWith("FAILED"), result.out());
    }

    record Result(int exit, String out) {
    }

    private static Result verify(Path file, KeyPair key) throws IOException {
        Path pem = Files.createTempFile("ledger-audit-", ".pem");
        Files.writeString(pem, Ed25519.pem("PUBLIC", key.getPublic().getEncoded()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = VerifyExport.run(new String[] {file.toString(), "--public-key", pem.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(OutputStream.nullOutputStream()));
        Files.delete(pem);
        Files.delete(file);
        return new Result(exit, out.toString(StandardCharsets.UTF_8));
    }

    /**
     * An export of {@code count} chained records in checkpoints of {@code perCheckpoint}, laid out as the service
     * writes it (records, checkpoints, proofs, manifest); {@code edit} may change a line or drop it (null).
     */
    private static Path export(String format, int count, int perCheckpoint, KeyPair signer, UnaryOperator<ObjectNode> edit)
            throws IOException {
        List<AuditRecord> records = new ArrayList<>();
        String previous = AuditRecord.GENESIS;
        for (int seq = 1; seq <= count; seq++) {
            AuditRecord record = new AuditRecord(seq, 100 + seq, "event-" + seq, "io.ledger.AccountCredited", "Account",
                    "acc-1", seq - 1, "2026-12-05T10:00:0" + (seq % 10) + "Z", "{\"amount\":" + seq + "}", "{}", null, null)
                    .chainedAfter(previous);
            records.add(record);
            previous = record.hash();
        }
        List<Checkpoint> checkpoints = new ArrayList<>();
        List<AuditProof> proofs = new ArrayList<>();
        for (int from = 1, checkpointSeq = 1; from <= count; from += perCheckpoint, checkpointSeq++) {
            List<AuditRecord> range = records.subList(from - 1, Math.min(count, from + perCheckpoint - 1));
            MerkleTree tree = new MerkleTree(range.stream().map(AuditRecord::hash).toList());
            Checkpoint unsigned = new Checkpoint(checkpointSeq, from, from + range.size() - 1,
                    range.get(range.size() - 1).hash(), tree.root(), "2026-12-05T10:01:00Z",
                    Ed25519.keyIdOf(signer.getPublic()), null);
            checkpoints.add(unsigned.signed(sign(signer, unsigned.canonicalBytes())));
            for (int i = 0; i < range.size(); i++) {
                proofs.add(new AuditProof(from + i, checkpointSeq, i, range.size(), tree.proof(i)));
            }
        }
        Path file = Files.createTempFile("ledger-export-", "." + format);
        try (OutputStream out = Files.newOutputStream(file); ExportFormat writer = ExportFormat.of(format, out, JSON)) {
            for (AuditRecord record : records) {
                ObjectNode line = edit.apply(ExportFormat.recordNode(JSON, record));
                if (line != null) {
                    writer.record(toRecord(line), null);
                }
            }
            for (Checkpoint checkpoint : checkpoints) {
                writeEdited(writer, JSON.valueToTree(checkpoint), "checkpoint", edit);
            }
            for (AuditProof proof : proofs) {
                writeEdited(writer, JSON.valueToTree(proof), "proof", edit);
            }
            ObjectNode manifest = JSON.createObjectNode();
            manifest.put("format", ExportFormat.VERSION);
            manifest.putObject("filters");
            manifest.put("count", count);
            manifest.put("firstPosition", records.get(0).globalPosition());
            manifest.put("lastPosition", records.get(count - 1).globalPosition());
            writeEdited(writer, manifest, "manifest", edit);
        }
        return file;
    }

    private static void writeEdited(ExportFormat writer, ObjectNode line, String type, UnaryOperator<ObjectNode> edit)
            throws IOException {
        line.put("type", type);
        ObjectNode edited = edit.apply(line);
        if (edited != null) {
            writer.other(edited);
        }
    }

    private static AuditRecord toRecord(ObjectNode n) {
        return new AuditRecord(n.get("auditSeq").asLong(), n.get("globalPosition").asLong(), n.get("eventId").asText(),
                n.get("eventType").asText(), n.get("aggregateType").asText(), n.get("aggregateId").asText(),
                n.get("aggregateSeq").asLong(), n.get("timestamp").asText(), n.get("payload").asText(),
                n.get("metadata").asText(), n.get("prevHash").asText(), n.get("hash").asText());
    }

    private static String sign(KeyPair key, byte[] data) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(key.getPrivate());
            signature.update(data);
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
