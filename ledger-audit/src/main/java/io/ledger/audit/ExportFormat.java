package io.ledger.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledger.audit.AuditProof;
import io.ledger.audit.AuditRecord;
import io.ledger.audit.Checkpoint;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The export file, NDJSON or CSV, written line by line: records, then the signed checkpoints that
 * cover them, then one inclusion proof per record, then the manifest. docs/compliance.md specifies it;
 * {@code verify-export} reads it.
 */
public abstract class ExportFormat implements AutoCloseable {

    public static final String VERSION = "ledger-audit-export-v1";
    /** How a sealed personal-data value begins (the service's {@code Sealing} writes them, the verifier spots them). */
    public static final String SEALED_PREFIX = "pd1.";
    static final String[] CSV_HEADER = {"type", "auditSeq", "globalPosition", "eventId", "eventType", "aggregateType",
            "aggregateId", "aggregateSeq", "timestamp", "payload", "metadata", "prevHash", "hash", "json"};

    protected final ObjectMapper json;

    ExportFormat(ObjectMapper json) {
        this.json = json;
    }

    public static ExportFormat of(String format, OutputStream out, ObjectMapper json) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        return "csv".equals(format) ? new Csv(writer, json) : new NdJson(writer, json);
    }

    /** A record line; personalData is what its sealed values read as now (null when it has none). */
    public abstract void record(AuditRecord record, Map<String, Map<String, String>> personalData) throws IOException;

    public abstract void other(ObjectNode line) throws IOException;

    @Override
    public abstract void close() throws IOException;

    public void checkpoint(Checkpoint checkpoint) throws IOException {
        ObjectNode node = json.valueToTree(checkpoint);
        node.put("type", "checkpoint");
        other(node);
    }

    public void proof(AuditProof proof) throws IOException {
        ObjectNode node = json.valueToTree(proof);
        node.put("type", "proof");
        other(node);
    }

    public static ObjectNode recordNode(ObjectMapper json, AuditRecord record) {
        ObjectNode node = json.createObjectNode();
        node.put("type", "record");
        node.put("auditSeq", record.auditSeq());
        node.put("globalPosition", record.globalPosition());
        node.put("eventId", record.eventId());
        node.put("eventType", record.eventType());
        node.put("aggregateType", record.aggregateType());
        node.put("aggregateId", record.aggregateId());
        node.put("aggregateSeq", record.aggregateSeq());
        node.put("timestamp", record.timestamp());
        node.put("payload", record.payload());
        node.put("metadata", record.metadata());
        node.put("prevHash", record.prevHash());
        node.put("hash", record.hash());
        return node;
    }

    static final class NdJson extends ExportFormat {
        private final Writer out;

        NdJson(Writer out, ObjectMapper json) {
            super(json);
            this.out = out;
        }

        @Override
        public void record(AuditRecord record, Map<String, Map<String, String>> personalData) throws IOException {
            ObjectNode node = recordNode(json, record);
            if (personalData != null) {
                node.set("personalData", json.valueToTree(personalData));
            }
            other(node);
        }

        @Override
        public void other(ObjectNode line) throws IOException {
            out.write(json.writeValueAsString(line));
            out.write('\n');
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    static final class Csv extends ExportFormat {
        private final CSVPrinter out;

        Csv(Writer writer, ObjectMapper json) throws IOException {
            super(json);
            this.out = new CSVPrinter(writer, CSVFormat.RFC4180.builder().setHeader(CSV_HEADER).get());
        }

        @Override
        public void record(AuditRecord r, Map<String, Map<String, String>> personalData) throws IOException {
            // A record row's json column holds its personalData view, if any (docs/compliance.md).
            out.printRecord(List.of("record", r.auditSeq(), r.globalPosition(), r.eventId(), r.eventType(),
                    nullToEmpty(r.aggregateType()), nullToEmpty(r.aggregateId()), r.aggregateSeq(), r.timestamp(),
                    r.payload(), r.metadata(), r.prevHash(), r.hash(),
                    personalData == null ? "" : json.writeValueAsString(personalData)));
        }

        @Override
        public void other(ObjectNode line) throws IOException {
            Object[] row = new Object[CSV_HEADER.length];
            java.util.Arrays.fill(row, "");
            row[0] = line.get("type").asText();
            row[CSV_HEADER.length - 1] = json.writeValueAsString(line);
            out.printRecord(row);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }

        private static String nullToEmpty(String value) {
            return value == null ? "" : value;
        }
    }
}
