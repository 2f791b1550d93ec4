package io.ledger.api.web;

import io.ledger.api.batch.PaymentBatches;
import io.ledger.api.file.Pain002Report;
import io.ledger.api.file.PaymentFileReader;
import io.ledger.api.security.Caller;
import io.ledger.api.security.Scope;
import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Payment files (issue 20, ADR 0023): CSV or ISO 20022 pain.001.001.09, imported as a stream into the same items a
 * batch has, each line checked as a single request is, and sent by the same durable dispatch. The file's progress,
 * its items' results and a pain.002 status report are readable by its submitter, the back office and the admin;
 * anyone else is told it does not exist.
 */
@RestController
@RequestMapping(path = "/v1/payment-files", produces = "application/json")
public class PaymentFileController {

    static final String CSV = "text/csv";
    private static final Set<String> ITEM_STATUSES = Set.of("QUEUED", "REFUSED", "CANCELLED", "PENDING", "AUTHORIZED",
            "SETTLED", "REJECTED", "EXPIRED", "VOIDED", "REVERSED", "INSTRUCTED", "OVERDUE", "RETURNED");

    private final PaymentFileImport imports;
    private final PaymentBatches batches;

    PaymentFileController(PaymentFileImport imports, PaymentBatches batches) {
        this.imports = imports;
        this.batches = batches;
    }

    public record FileResponse(String fileId, String format, String messageId, String contentHash, Long bytes, String status,
                        int itemCount, Instant submittedAt, Instant dispatchedAt, Map<String, Long> items) {

        static FileResponse of(PaymentBatches.Batch batch, String status) {
            return new FileResponse(batch.batchId(), batch.file().format(), batch.file().messageId(),
                    batch.file().contentHash(), batch.file().bytes(), status, batch.itemCount(), batch.submittedAt(),
                    batch.dispatchedAt(), batch.items());
        }
    }

    /**
     * Imports a file as it arrives. 201 with the file once it was read whole and accepted (its items are then being
     * sent); the same file again answers 200 with Idempotent-Replayed.
     */
    @PostMapping(consumes = {CSV, MediaType.APPLICATION_XML_VALUE, MediaType.TEXT_XML_VALUE})
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "the file, read as a stream",
            content = {@Content(mediaType = CSV, schema = @Schema(type = "string")),
                    @Content(mediaType = MediaType.APPLICATION_XML_VALUE, schema = @Schema(type = "string",
                            description = "ISO 20022 pain.001.001.09"))})
    ResponseEntity<FileResponse> upload(Caller caller, HttpServletRequest request,
                                        @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey)
            throws IOException {
        PaymentFileReader.Format format = isCsv(request) ? PaymentFileReader.Format.CSV
                : PaymentFileReader.Format.PAIN_001;
        PaymentFileImport.Imported imported = imports.upload(caller, format, idempotencyKey, request.getInputStream());
        PaymentBatches.Batch file = batches.find(imported.fileId()).orElseThrow();
        ResponseEntity.BodyBuilder answer = ResponseEntity
                .status(imported.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
                .location(URI.create("/v1/payment-files/" + imported.fileId()));
        if (imported.replayed()) {
            answer.header("Idempotent-Replayed", "true");
        }
        return answer.body(FileResponse.of(file, file.status()));
    }

    /**
     * A file's progress: IMPORTING while it is read (its items appear as they are stored), INTERRUPTED when the
     * instance importing it stopped (upload it again: the import starts over, nothing was sent), then as a batch.
     */
    @GetMapping("/{fileId}")
    public FileResponse get(Caller caller, @PathVariable String fileId) {
        PaymentBatches.Batch file = visible(caller, fileId);
        return FileResponse.of(file, status(file));
    }

    @GetMapping("/{fileId}/items")
    public PageResponse<PaymentBatches.ItemResult> items(Caller caller, @PathVariable String fileId,
                                                  @RequestParam(required = false) String status,
                                                  @RequestParam(required = false) String cursor,
                                                  @RequestParam(required = false) Integer limit) {
        visible(caller, fileId);
        if (status != null && !ITEM_STATUSES.contains(status)) {
            throw InputRules.invalid("status must be one of " + ITEM_STATUSES.stream().sorted().toList());
        }
        PaymentBatches.ItemPage page = batches.items(fileId, status, InputRules.text(cursor, "cursor", 512),
                InputRules.pageSize(limit));
        return new PageResponse<>(page.items(), page.nextCursor());
    }

    /** The file's result as an ISO 20022 pain.002.001.10 status report, streamed: any number of transactions. */
    @GetMapping(path = "/{fileId}/status-report", produces = MediaType.APPLICATION_XML_VALUE)
    void statusReport(Caller caller, @PathVariable String fileId, HttpServletResponse response) throws IOException {
        PaymentBatches.Batch file = visible(caller, fileId);
        String status = status(file);
        Pain002Report.Original original = new Pain002Report.Original("STS-" + fileId.replace("-", "").substring(0, 31),
                file.file().messageId(), file.file().format(), file.itemCount(),
                Pain002Report.groupStatus(!"IMPORTING".equals(status) && !"INTERRUPTED".equals(status), file.items()));
        response.setContentType(MediaType.APPLICATION_XML_VALUE);
        response.setCharacterEncoding("UTF-8");
        Pain002Report.write(response.getOutputStream(), original, each -> batches.eachItem(fileId, item ->
                each.accept(new Pain002Report.Line(item.group(), item.externalReference(), item.status(), item.reason(),
                        item.detail()))));
    }

    /** Stops sending the file's items: those not yet sent are CANCELLED; 409 once every item was sent. */
    @PostMapping("/{fileId}/cancel")
    public FileResponse cancel(Caller caller, @PathVariable String fileId) {
        visible(caller, fileId);
        if (!batches.cancel(fileId)) {
            throw new LedgerException(ErrorCode.BATCH_NOT_CANCELLABLE,
                    "the file is not being dispatched: every item was already sent, or it is still being imported");
        }
        PaymentBatches.Batch file = visible(caller, fileId);
        return FileResponse.of(file, status(file));
    }

    /** Whether a file upload is CSV (else XML: the mapping admits nothing else). */
    static boolean isCsv(HttpServletRequest request) {
        return MediaType.parseMediaType(request.getContentType()).isCompatibleWith(MediaType.parseMediaType(CSV));
    }

    private String status(PaymentBatches.Batch file) {
        return "IMPORTING".equals(file.status()) && !batches.importRunning(file.batchId()) ? "INTERRUPTED" : file.status();
    }

    private PaymentBatches.Batch visible(Caller caller, String fileId) {
        InputRules.fileId(fileId);
        return batches.find(fileId)
                .filter(batch -> batch.file() != null)
                .filter(batch -> caller.hasAny(Scope.BACKOFFICE, Scope.ADMIN) || caller.subject().equals(batch.submittedBy()))
                .orElseThrow(PaymentFileController::notFound);
    }

    static LedgerException notFound() {
        return new LedgerException(ErrorCode.BATCH_NOT_FOUND, "no such payment file");
    }
}
