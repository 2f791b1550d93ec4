package io.ledger.audit;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * {@code verify-export FILE --public-key KEY}: checks an audit export with no database and no network.
 * Every record's hash, the chain links between adjacent records, one Merkle inclusion proof per record
 * against a checkpoint, every checkpoint's Ed25519 signature, the manifest's counts, and for a
 * full-account export that the account's event sequence numbers have no gaps. It reads the file as a
 * stream (records and proofs side by side), so memory stays flat whatever the size.
 */
public final class VerifyExport {

    private static final String SEALED_PREFIX = ExportFormat.SEALED_PREFIX;
    /** A record with a key given twice could verify under one value and be read under the other: refused. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private VerifyExport() {
    }

    /** A failure with the position it was found at. */
    static final class Failure extends Exception {
        Failure(String message) {
            super(message);
        }
    }

    /** {@code java -jar ledger-audit-verifier.jar FILE --public-key KEY.pem}: exit 0 verified, 1 failed, 2 usage. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 3 || args.length % 2 == 0) {
            err.println("usage: verify-export FILE --public-key PUBLIC_KEY.pem [--public-key OLDER_KEY.pem ...]");
            return 2;
        }
        Path file = Path.of(args[0]);
        try {
            Map<String, PublicKey> keys = new HashMap<>();
            for (int i = 1; i < args.length; i += 2) {
                if (!args[i].equals("--public-key")) {
                    err.println("usage: verify-export FILE --public-key PUBLIC_KEY.pem [--public-key OLDER_KEY.pem ...]");
                    return 2;
                }
                PublicKey key = Ed25519.readPublicKey(Path.of(args[i + 1]));
                keys.put(Ed25519.keyIdOf(key), key);
            }
            String verdict = verify(file, keys);
            out.println("VERIFIED " + file + ": " + verdict);
            return 0;
        } catch (Failure e) {
            out.println("FAILED " + file + ": " + e.getMessage());
            return 1;
        } catch (IOException | RuntimeException e) {
            out.println("FAILED " + file + ": unreadable export (" + e.getMessage() + ")");
            return 1;
        }
    }

    static String verify(Path file, Map<String, PublicKey> keys) throws IOException, Failure {
        Map<Long, Checkpoint> checkpoints = new HashMap<>();
        JsonNode manifest = null;
        JsonNode statement = null;
        try (Lines lines = Lines.open(file)) {
            while (lines.hasNext()) {
                JsonNode line = lines.next();
                String type = line.path("type").asText();
                if (type.equals("checkpoint")) {
                    Checkpoint checkpoint = JSON.treeToValue(withoutType(line), Checkpoint.class);
                    PublicKey key = keys.get(checkpoint.keyId());
                    if (key == null || !Ed25519.verify(key, checkpoint.canonicalBytes(), checkpoint.signature())) {
                        throw new Failure("checkpoint " + checkpoint.checkpointSeq() + " (audit records "
                                + checkpoint.fromSeq() + ".." + checkpoint.toSeq() + "): signature does not verify"
                                + (key == null ? " (signed by key " + checkpoint.keyId() + ", which was not given)" : ""));
                    }
                    checkpoints.put(checkpoint.checkpointSeq(), checkpoint);
                } else if (type.equals("statement")) {
                    if (statement != null) {
                        throw new Failure("the export has two statements");
                    }
                    statement = line;
                } else if (type.equals("manifest")) {
                    if (manifest != null) {
                        throw new Failure("the export has two manifests");
                    }
                    manifest = line;
                } else if (!type.equals("record") && !type.equals("proof")) {
                    throw new Failure("line " + lines.number() + " has unknown type '" + type + "'");
                }
            }
        }
        if (manifest == null) {
            throw new Failure("the export has no manifest (it was cut short)");
        }
        long count = 0;
        AuditRecord previous = null;
        Long firstPosition = null;
        long lastPosition = 0;
        // A statement's account must be whole from its opening: its figures are replayed from its records.
        String fullAccount = statement != null ? statement.path("accountId").asText() : fullAccountFilter(manifest);
        AccountStatement replay = statement == null ? null : new AccountStatement(fullAccount,
                instant(statement, "from"), instant(statement, "to"), JSON);
        Map<String, Long> accountSeqs = new HashMap<>();
        try (Lines records = Lines.open(file); Lines proofs = Lines.open(file)) {
            Iterator<JsonNode> recordLines = records.ofType("record");
            Iterator<JsonNode> proofLines = proofs.ofType("proof");
            while (recordLines.hasNext()) {
                JsonNode recordLine = recordLines.next();
                AuditRecord record = toRecord(recordLine);
                String at = "audit record " + record.auditSeq() + " (global position " + record.globalPosition() + ")";
                checkPersonalData(at, record, recordLine.path("personalData"));
                if (!record.hash().equals(record.computeHash())) {
                    throw new Failure(at + ": contents do not match its hash (the line was edited)");
                }
                if (previous != null && record.auditSeq() <= previous.auditSeq()) {
                    throw new Failure(at + ": out of order after audit record " + previous.auditSeq());
                }
                if (previous != null && record.auditSeq() == previous.auditSeq() + 1
                        && !record.prevHash().equals(previous.hash())) {
                    throw new Failure(at + ": chain broken, prevHash is not the hash of audit record " + previous.auditSeq());
                }
                if (!proofLines.hasNext()) {
                    throw new Failure(at + ": has no inclusion proof");
                }
                JsonNode proof = proofLines.next();
                long proofSeq = proof.path("auditSeq").asLong();
                if (proofSeq != record.auditSeq()) {
                    throw new Failure(proofSeq < record.auditSeq()
                            ? "audit record " + proofSeq + " has a proof but is missing from the export"
                            : at + ": has no inclusion proof");
                }
                checkProof(at, record, proof, checkpoints);
                if (replay != null) {
                    replay.accept(record);
                }
                if (fullAccount != null && fullAccount.equals(record.aggregateId())
                        && "Account".equals(record.aggregateType())) {
                    long expected = accountSeqs.getOrDefault(fullAccount, -1L) + 1;
                    if (record.aggregateSeq() != expected) {
                        throw new Failure(at + ": account " + fullAccount + " jumps from event " + (expected - 1)
                                + " to event " + record.aggregateSeq() + " (events are missing)");
                    }
                    accountSeqs.put(fullAccount, record.aggregateSeq());
                }
                if (firstPosition == null) {
                    firstPosition = record.globalPosition();
                }
                lastPosition = record.globalPosition();
                previous = record;
                count++;
            }
            if (proofLines.hasNext()) {
                throw new Failure("audit record " + proofLines.next().path("auditSeq").asLong()
                        + " has a proof but is missing from the export");
            }
        }
        if (manifest.path("count").asLong() != count) {
            throw new Failure("the manifest announces " + manifest.path("count").asLong() + " records, the file holds " + count);
        }
        if (count > 0 && (manifest.path("firstPosition").asLong() != firstPosition
                || manifest.path("lastPosition").asLong() != lastPosition)) {
            throw new Failure("the manifest's first/last positions do not match the records");
        }
        if (replay != null) {
            if (accountSeqs.get(fullAccount) == null) {
                throw new Failure("the statement's account " + fullAccount + " has no records in the export");
            }
            String difference = replay.differenceFrom(statement);
            if (difference != null) {
                throw new Failure(difference);
            }
        }
        return count + " records, " + checkpoints.size() + " signed checkpoints, keys " + keys.keySet()
                + (fullAccount != null ? ", account " + fullAccount + " complete" : "")
                + (replay == null ? "" : "; statement " + statement.path("from").asText() + " to "
                + statement.path("to").asText() + ": opening " + statement.path("openingBalance").asLong()
                + ", closing " + statement.path("closingBalance").asLong() + " (minor units), "
                + statement.path("entries").size() + " postings, as the records give them");
    }

    private static java.time.Instant instant(JsonNode statement, String field) throws Failure {
        try {
            return java.time.Instant.parse(statement.path(field).asText());
        } catch (java.time.format.DateTimeParseException e) {
            throw new Failure("the statement's " + field + " is not a time");
        }
    }

    private static void checkProof(String at, AuditRecord record, JsonNode proof, Map<Long, Checkpoint> checkpoints)
            throws Failure {
        long checkpointSeq = proof.path("checkpointSeq").asLong();
        Checkpoint checkpoint = checkpoints.get(checkpointSeq);
        if (checkpoint == null) {
            throw new Failure(at + ": its proof refers to checkpoint " + checkpointSeq + ", which is not in the export");
        }
        if (!checkpoint.covers(record.auditSeq()) || proof.path("leafIndex").asLong() != record.auditSeq() - checkpoint.fromSeq()
                || proof.path("treeSize").asLong() != checkpoint.treeSize()) {
            throw new Failure(at + ": its proof does not place it inside checkpoint " + checkpointSeq);
        }
        List<String> path = new ArrayList<>();
        proof.path("path").forEach(node -> path.add(node.asText()));
        if (!MerkleTree.verify(record.hash(), record.auditSeq() - checkpoint.fromSeq(), checkpoint.treeSize(), path,
                checkpoint.merkleRoot())) {
            throw new Failure(at + ": not included in signed checkpoint " + checkpointSeq + " (Merkle proof fails)");
        }
        if (record.auditSeq() == checkpoint.toSeq() && !record.hash().equals(checkpoint.chainHead())) {
            throw new Failure(at + ": its hash is not the chain head signed in checkpoint " + checkpointSeq);
        }
    }

    /** The account of a full-account export: filtered by account and nothing else. */
    private static String fullAccountFilter(JsonNode manifest) {
        JsonNode filters = manifest.path("filters");
        String account = filters.path("accountId").isTextual() ? filters.path("accountId").asText() : null;
        for (String other : new String[] {"from", "to", "paymentId", "correlationId", "principal", "eventType"}) {
            if (!filters.path(other).isNull() && !filters.path(other).isMissingNode()) {
                return null;
            }
        }
        return account;
    }

    /**
     * A record's personalData view is not covered by its hash, so it may only say what sealed values read as:
     * every pointer it names must lead to a sealed text in the hashed payload or metadata (ADR 0021).
     */
    private static void checkPersonalData(String at, AuditRecord record, JsonNode view) throws Failure {
        if (view.isMissingNode() || view.isNull()) {
            return;
        }
        if (!view.isObject()) {
            throw new Failure(at + ": personalData is not an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> parts = view.fields(); parts.hasNext(); ) {
            Map.Entry<String, JsonNode> part = parts.next();
            String stored = switch (part.getKey()) {
                case "payload" -> record.payload();
                case "metadata" -> record.metadata();
                default -> throw new Failure(at + ": personalData names '" + part.getKey() + "', not payload or metadata");
            };
            JsonNode tree;
            try {
                tree = stored == null ? JSON.missingNode() : JSON.readTree(stored);
            } catch (IOException e) {
                throw new Failure(at + ": its " + part.getKey() + " is not JSON");
            }
            for (Iterator<String> pointers = part.getValue().fieldNames(); pointers.hasNext(); ) {
                String pointer = pointers.next();
                JsonNode sealed = "/".equals(pointer) ? tree : tree.at(pointer);
                if (!sealed.isTextual() || !sealed.asText().startsWith(SEALED_PREFIX)
                        || !part.getValue().get(pointer).isTextual()) {
                    throw new Failure(at + ": personalData shows " + part.getKey() + pointer
                            + ", which is not a sealed value of the record");
                }
            }
        }
    }

    private static AuditRecord toRecord(JsonNode n) {
        return new AuditRecord(n.path("auditSeq").asLong(), n.path("globalPosition").asLong(), text(n, "eventId"),
                text(n, "eventType"), text(n, "aggregateType"), text(n, "aggregateId"), n.path("aggregateSeq").asLong(),
                text(n, "timestamp"), text(n, "payload"), text(n, "metadata"), text(n, "prevHash"), text(n, "hash"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static JsonNode withoutType(JsonNode line) {
        ObjectNode copy = ((ObjectNode) line).deepCopy();
        copy.remove("type");
        return copy;
    }

    /** The export's lines as JSON, whether the file is NDJSON or CSV. */
    abstract static class Lines implements Iterator<JsonNode>, AutoCloseable {
        long number;

        static Lines open(Path file) throws IOException {
            BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            reader.mark(16);
            int first = reader.read();
            reader.reset();
            return first == '{' ? new NdJsonLines(reader) : new CsvLines(reader);
        }

        long number() {
            return number;
        }

        Iterator<JsonNode> ofType(String type) {
            Lines all = this;
            return new Iterator<>() {
                JsonNode next;

                @Override
                public boolean hasNext() {
                    while (next == null && all.hasNext()) {
                        JsonNode candidate = all.next();
                        if (candidate.path("type").asText().equals(type)) {
                            next = candidate;
                        }
                    }
                    return next != null;
                }

                @Override
                public JsonNode next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    JsonNode value = next;
                    next = null;
                    return value;
                }
            };
        }

        @Override
        public abstract void close() throws IOException;
    }

    static final class NdJsonLines extends Lines {
        private final BufferedReader reader;
        private String line;

        NdJsonLines(BufferedReader reader) {
            this.reader = reader;
        }

        @Override
        public boolean hasNext() {
            try {
                while (line == null) {
                    line = reader.readLine();
                    if (line == null) {
                        return false;
                    }
                    if (line.isBlank()) {
                        line = null;
                    }
                }
                return true;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public JsonNode next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            number++;
            try {
                return JSON.readTree(line);
            } catch (IOException e) {
                throw new IllegalStateException("line " + number + " is not JSON", e);
            } finally {
                line = null;
            }
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    static final class CsvLines extends Lines {
        private final CSVParser parser;
        private final Iterator<CSVRecord> rows;

        CsvLines(Reader reader) throws IOException {
            this.parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader);
            this.rows = parser.iterator();
        }

        @Override
        public boolean hasNext() {
            return rows.hasNext();
        }

        @Override
        public JsonNode next() {
            CSVRecord row = rows.next();
            number++;
            try {
                if (!row.get("type").equals("record")) {
                    return JSON.readTree(row.get("json"));
                }
                ObjectNode node = JSON.createObjectNode();
                node.put("type", "record");
                node.put("auditSeq", Long.parseLong(row.get("auditSeq")));
                node.put("globalPosition", Long.parseLong(row.get("globalPosition")));
                for (String field : new String[] {"eventId", "eventType", "aggregateType", "aggregateId", "timestamp",
                        "payload", "metadata", "prevHash", "hash"}) {
                    String value = row.get(field);
                    node.put(field, value.isEmpty() && (field.startsWith("aggregate")) ? null : value);
                }
                node.put("aggregateSeq", Long.parseLong(row.get("aggregateSeq")));
                if (!row.get("json").isEmpty()) {
                    node.set("personalData", JSON.readTree(row.get("json")));
                }
                return node;
            } catch (IOException e) {
                throw new IllegalStateException("CSV row " + number + " is malformed", e);
            }
        }

        @Override
        public void close() throws IOException {
            parser.close();
        }
    }
}
