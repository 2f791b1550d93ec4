package io.ledger.api.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledger.api.audit.AuditExport;
import io.ledger.api.audit.AuditSigningKey;
import io.ledger.api.privacy.OpenedView;
import io.ledger.api.privacy.Sealing;
import io.ledger.messages.audit.AuditFilter;
import io.ledger.messages.audit.AuditRecordPage;
import io.ledger.messages.audit.AuditVerification;
import io.ledger.messages.audit.IntegrityQuery;
import io.ledger.messages.audit.IntegrityReport;
import io.ledger.messages.audit.ListAuditRecordsQuery;
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

import java.time.Instant;

/** The audit trail for compliance: listing, export with proofs, verification, lineage, the books. */
@RestController
@RequestMapping(path = "/v1/audit", produces = "application/json")
public class AuditController {

    private final LedgerGateway ledger;
    private final AuditExport export;
    private final AuditSigningKey key;
    private final ObjectMapper json;
    private final Sealing sealing;

    AuditController(LedgerGateway ledger, AuditExport export, AuditSigningKey key,
                    @Qualifier("defaultAxonObjectMapper") ObjectMapper json, Sealing sealing) {
        this.ledger = ledger;
        this.export = export;
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
        AuditExport.Body export = this.export.of(filter(from, to, account, payment, correlationId, principal, type),
                format);
        StreamingResponseBody body = export::writeTo;
        String extension = format.equals("csv") ? "csv" : "ndjson";
        return ResponseEntity.ok()
                .contentType(format.equals("csv") ? new MediaType("text", "csv") : new MediaType("application", "x-ndjson"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"ledger-audit." + extension + "\"")
                .body(body);
    }

    /** A signed account statement (AuditExport#statement), for AccountController's route. */
    public ResponseEntity<StreamingResponseBody> statement(String accountId, Instant from, Instant to) {
        StreamingResponseBody body = export.statement(accountId, from, to)::writeTo;
        return ResponseEntity.ok().contentType(new MediaType("application", "x-ndjson"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"statement-" + accountId + ".ndjson\"")
                .body(body);
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

    /** The books, from the events after the last check; {@code full=true} reads every event again (ADR 0036). */
    @GetMapping("/integrity")
    public IntegrityReport integrity(@RequestParam(defaultValue = "false") boolean full) {
        return ledger.query(new IntegrityQuery(full), IntegrityReport.class);
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
