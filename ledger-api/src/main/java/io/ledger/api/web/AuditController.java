package io.ledger.api.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledger.api.audit.AuditSigningKey;
import io.ledger.api.audit.AccountStatement;
import io.ledger.api.audit.ExportFormat;
import io.ledger.api.privacy.OpenedView;
import io.ledger.api.privacy.Sealing;
import io.ledger.messages.audit.AuditExportEntry;
import io.ledger.messages.audit.AuditExportPage;
import io.ledger.messages.audit.AuditExportPageQuery;
import io.ledger.messages.audit.AuditExportPlan;
import io.ledger.messages.audit.AuditFilter;
import io.ledger.messages.audit.AuditRecord;
import io.ledger.messages.audit.AuditRecordPage;
import io.ledger.messages.audit.AuditVerification;
import io.ledger.messages.audit.CheckpointList;
import io.ledger.messages.audit.FindCheckpointsQuery;
import io.ledger.messages.audit.IntegrityQuery;
import io.ledger.messages.audit.IntegrityReport;
import io.ledger.messages.audit.ListAuditRecordsQuery;
import io.ledger.messages.audit.StartAuditExportQuery;
import io.ledger.messages.audit.Trace;
import io.ledger.messages.audit.TraceQuery;
import io.ledger.messages.audit.VerifyAuditQuery;
import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** The audit trail for compliance: listing, export with proofs, verification, lineage, the books. */
@RestController
@RequestMapping(path = "/v1/audit", produces = "application/json")
public class AuditController {

    private static final int EXPORT_PAGE = 1000;

    private final LedgerGateway ledger;
    private final AuditSigningKey key;
    private final ObjectMapper json;
    private final Sealing sealing;

    AuditController(LedgerGateway ledger, AuditSigningKey key, @Qualifier("defaultAxonObjectMapper") ObjectMapper json,
                    Sealing sealing) {
        this.ledger = ledger;
        this.key = key;
        this.json = json;
        this.sealing = sealing;
    }

    @GetMapping("/events")
    public PageResponse<AuditRecordResponse> events(@RequestParam(required = false) String from,
                                    @RequestParam(required = false) String to,
                                    @RequestParam(required = false) String account,
                                    @RequestParam(required = false) String payment,
                                    @RequestParam(required = false) String correlationId,
                                    @RequestParam(required = false) String principal,
                                    @RequestParam(required = false) String type,
                                    @RequestParam(required = false) String cursor,
                                    @RequestParam(required = false) Integer limit) {
        AuditFilter filter = filter(from, to, account, payment, correlationId, principal, type);
        AuditRecordPage page = ledger.query(new ListAuditRecordsQuery(filter, InputRules.text(cursor, "cursor", 512),
                InputRules.pageSize(limit)), AuditRecordPage.class);
        return new PageResponse<>(page.items().stream().map(record -> AuditRecordResponse.of(record,
                OpenedView.of(json, sealing, record.payload(), record.metadata()))).toList(), page.nextCursor());
    }

    @GetMapping(path = "/export", produces = {"application/x-ndjson", "text/csv", "application/json"})
    public ResponseEntity<StreamingResponseBody> export(@RequestParam(required = false) String from,
                                                 @RequestParam(required = false) String to,
                                                 @RequestParam(required = false) String account,
                                                 @RequestParam(required = false) String payment,
                                                 @RequestParam(required = false) String correlationId,
                                                 @RequestParam(required = false) String principal,
                                                 @RequestParam(required = false) String type,
                                                 @RequestParam(defaultValue = "ndjson") String format) {
        if (!format.equals("ndjson") && !format.equals("csv")) {
            throw InputRules.invalid("format must be ndjson or csv");
        }
        AuditFilter filter = filter(from, to, account, payment, correlationId, principal, type);
        AuditExportPlan plan = ledger.query(new StartAuditExportQuery(filter), AuditExportPlan.class);
        StreamingResponseBody body = out -> {
            try (ExportFormat writer = ExportFormat.of(format, out, json)) {
                write(writer, filter, plan);
            }
        };
        String extension = format.equals("csv") ? "csv" : "ndjson";
        return ResponseEntity.ok()
                .contentType(format.equals("csv") ? new MediaType("text", "csv") : new MediaType("application", "x-ndjson"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"ledger-audit." + extension + "\"")
                .body(body);
    }

    /**
     * A signed account statement (issue 22): the export of every audit record of the account — from its opening to
     * now, so its events run without a gap and the first after {@code to} fences the period — with a statement line
     * giving the posted balance at {@code from} and {@code to} and the postings between, as those records give them.
     * {@code verify-export} checks the records, their proofs and signatures, and replays them into the same figures.
     */
    public ResponseEntity<StreamingResponseBody> statement(String accountId, Instant from, Instant to) {
        AuditFilter filter = new AuditFilter(null, null, accountId, null, null, null, null);
        AuditExportPlan plan = ledger.query(new StartAuditExportQuery(filter), AuditExportPlan.class);
        StreamingResponseBody body = out -> {
            try (ExportFormat writer = ExportFormat.of("ndjson", out, json)) {
                write(writer, filter, plan, new AccountStatement(accountId, from, to, json));
            }
        };
        return ResponseEntity.ok().contentType(new MediaType("application", "x-ndjson"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"statement-" + accountId + ".ndjson\"")
                .body(body);
    }

    private void write(ExportFormat writer, AuditFilter filter, AuditExportPlan plan) throws IOException {
        write(writer, filter, plan, null);
    }

    /**
     * Records, then the checkpoints covering them, then one proof per record, then (for a statement) the statement,
     * then the manifest.
     */
    private void write(ExportFormat writer, AuditFilter filter, AuditExportPlan plan, AccountStatement statement)
            throws IOException {
        TreeSet<Long> checkpoints = new TreeSet<>();
        long count = 0;
        Long firstPosition = null;
        long lastPosition = 0;
        long firstSeq = 0;
        long lastSeq = 0;
        for (long after = 0; ; ) {
            AuditExportPage page = page(filter, after, plan);
            for (AuditExportEntry entry : page.entries()) {
                if (entry.proof() == null) {
                    throw new IllegalStateException("audit record " + entry.record().auditSeq() + " has no checkpoint");
                }
                writer.record(entry.record(), OpenedView.of(json, sealing, entry.record().payload(),
                        entry.record().metadata()));
                if (statement != null) {
                    statement.accept(entry.record());
                }
                checkpoints.add(entry.proof().checkpointSeq());
                count++;
                if (firstPosition == null) {
                    firstPosition = entry.record().globalPosition();
                    firstSeq = entry.record().auditSeq();
                }
                lastPosition = entry.record().globalPosition();
                lastSeq = entry.record().auditSeq();
            }
            if (page.last()) {
                break;
            }
            after = page.lastAuditSeq();
        }
        List<Long> ids = new ArrayList<>(checkpoints);
        for (int i = 0; i < ids.size(); i += 500) {
            for (var checkpoint : ledger.query(new FindCheckpointsQuery(ids.subList(i, Math.min(ids.size(), i + 500))),
                    CheckpointList.class).items()) {
                writer.checkpoint(checkpoint);
            }
        }
        for (long after = 0; ; ) {
            AuditExportPage page = page(filter, after, plan);
            for (AuditExportEntry entry : page.entries()) {
                writer.proof(entry.proof());
            }
            if (page.last()) {
                break;
            }
            after = page.lastAuditSeq();
        }
        if (statement != null) {
            writer.other(statement.line());
        }
        ObjectNode manifest = json.createObjectNode();
        manifest.put("type", "manifest");
        manifest.put("format", ExportFormat.VERSION);
        manifest.set("filters", json.valueToTree(filter));
        manifest.put("count", count);
        manifest.put("firstPosition", firstPosition);
        manifest.put("lastPosition", count == 0 ? null : lastPosition);
        manifest.put("firstAuditSeq", count == 0 ? null : firstSeq);
        manifest.put("lastAuditSeq", count == 0 ? null : lastSeq);
        manifest.put("chainHeadSeq", plan.maxAuditSeq());
        manifest.put("chainHead", plan.chainHead());
        manifest.put("keyId", key.keyId());
        manifest.put("exportedAt", Instant.now().toString());
        writer.other(manifest);
    }

    private AuditExportPage page(AuditFilter filter, long after, AuditExportPlan plan) {
        return ledger.query(new AuditExportPageQuery(filter, after, plan.maxAuditSeq(), EXPORT_PAGE), AuditExportPage.class);
    }

    @GetMapping("/verify")
    AuditVerification verify(@RequestParam(required = false) Long from,
                             @RequestParam(required = false) Long to) {
        return ledger.query(new VerifyAuditQuery(from, to), AuditVerification.class);
    }

    @GetMapping("/trace/{correlationId}")
    public Trace trace(@PathVariable String correlationId) {
        Trace trace = ledger.query(new TraceQuery(InputRules.text(correlationId, "correlationId", 128)), Trace.class);
        if (trace == null) {
            throw new LedgerException(ErrorCode.ROUTE_NOT_FOUND, "nothing was recorded under this correlation id");
        }
        return trace;
    }

    @GetMapping("/integrity")
    public IntegrityReport integrity() {
        return ledger.query(new IntegrityQuery(), IntegrityReport.class);
    }

    @GetMapping(path = "/public-key", produces = "application/x-pem-file")
    ResponseEntity<String> publicKey() {
        return ResponseEntity.ok().header("Key-Id", key.keyId()).body(key.publicKeyPem());
    }

    private static AuditFilter filter(String from, String to, String account, String payment, String correlationId,
                                      String principal, String type) {
        return new AuditFilter(InputRules.instant(from, "from"), InputRules.instant(to, "to"), InputRules.text(account, "account", 64),
                InputRules.text(payment, "payment", 64), InputRules.text(correlationId, "correlationId", 128),
                InputRules.text(principal, "principal", 255), InputRules.text(type, "type", 255));
    }
}
