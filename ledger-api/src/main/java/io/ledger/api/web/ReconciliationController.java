package io.ledger.api.web;

import io.ledger.api.reconcile.Exceptions;
import io.ledger.api.security.Caller;
import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The reconciliation exceptions (issue 22, ADR 0028), for the back office: what did not reconcile, resolved by hand
 * (matched to ledger items, or a balance difference explained), or booked to suspense by two people — one proposes,
 * another approves (four eyes).
 */
@RestController
@RequestMapping(path = "/v1/reconciliation/exceptions", produces = "application/json")
public class ReconciliationController {

    private static final Pattern EXCEPTION_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Set<String> STATUSES = Set.of("OPEN", "PROPOSED", "RESOLVED");
    private static final int MAX_ITEMS = 1_000;

    private final Exceptions exceptions;
    private final LedgerGateway ledger;

    ReconciliationController(Exceptions exceptions, LedgerGateway ledger) {
        this.exceptions = exceptions;
        this.ledger = ledger;
    }

    public record ExceptionResponse(String exceptionId, String statementId, Integer lineNo, String kind, String amount,
                                    String currency, String detail, String status, Instant raisedAt,
                                    String proposedBy, String proposedNote, Instant proposedAt, String resolution,
                                    List<String> ledgerItems, String resolvedBy, String approvedBy,
                                    Instant resolvedAt) {

        static ExceptionResponse of(Exceptions.ReconciliationException e) {
            return new ExceptionResponse(e.exceptionId(), e.statementId(), e.lineNo(), e.kind(),
                    BankStatementController.decimal(e.amount(), e.currency()), e.currency(), e.detail(), e.status(),
                    e.raisedAt(), e.proposedBy(), e.proposedNote(), e.proposedAt(), e.resolution(), e.ledgerItems(),
                    e.resolvedBy(), e.approvedBy(), e.resolvedAt());
        }
    }

    public record ResolveRequest(List<String> ledgerItems, String note) {
    }

    public record NoteBody(String note) {
    }

    /** Exceptions oldest first; by status (OPEN, PROPOSED, RESOLVED) and statement. */
    @GetMapping
    public PageResponse<ExceptionResponse> list(@RequestParam(required = false) String status,
                                                @RequestParam(required = false) String statementId,
                                                @RequestParam(required = false) String cursor,
                                                @RequestParam(required = false) Integer limit) {
        if (status != null && !STATUSES.contains(status)) {
            throw InputRules.invalid("status must be one of " + STATUSES.stream().sorted().toList());
        }
        Exceptions.Page page = exceptions.list(status, statementId == null ? null
                : InputRules.text(statementId, "statementId", 64), InputRules.text(cursor, "cursor", 512),
                InputRules.pageSize(limit));
        return new PageResponse<>(page.items().stream().map(ExceptionResponse::of).toList(), page.nextCursor());
    }

    @GetMapping("/{exceptionId}")
    public ExceptionResponse get(@PathVariable String exceptionId) {
        return ExceptionResponse.of(exceptions.find(id(exceptionId)).orElseThrow(ReconciliationController::notFound));
    }

    /** Resolves by hand: the line matched to ledger items, or a balance difference explained by a note. */
    @PostMapping(path = "/{exceptionId}/resolve", consumes = "application/json")
    public ExceptionResponse resolve(Caller caller, @PathVariable String exceptionId,
                                     @RequestBody(required = false) ResolveRequest body) {
        String id = id(exceptionId);
        List<String> items = body == null || body.ledgerItems() == null ? List.of() : body.ledgerItems();
        if (items.size() > MAX_ITEMS) {
            throw InputRules.invalid("ledgerItems holds at most " + MAX_ITEMS + " ids");
        }
        items.forEach(item -> InputRules.text(InputRules.required(item, "ledgerItems[]"), "ledgerItems[]", 64));
        return ExceptionResponse.of(exceptions.resolve(id, items, note(body == null ? null : body.note()),
                ledger.lineage(caller)));
    }

    /** Proposes to book the line to the suspense account; a second back-office user approves or rejects. */
    @PostMapping(path = "/{exceptionId}/suspense", consumes = "application/json")
    public ExceptionResponse propose(Caller caller, @PathVariable String exceptionId,
                                     @RequestBody(required = false) NoteBody body) {
        return ExceptionResponse.of(exceptions.propose(id(exceptionId), note(body == null ? null : body.note()),
                ledger.lineage(caller)));
    }

    @PostMapping("/{exceptionId}/suspense/approve")
    public ExceptionResponse approve(Caller caller, @PathVariable String exceptionId) {
        return ExceptionResponse.of(exceptions.approve(id(exceptionId), ledger.lineage(caller)));
    }

    @PostMapping("/{exceptionId}/suspense/reject")
    public ExceptionResponse reject(Caller caller, @PathVariable String exceptionId,
                                    @RequestBody(required = false) NoteBody body) {
        return ExceptionResponse.of(exceptions.reject(id(exceptionId), note(body == null ? null : body.note()),
                ledger.lineage(caller)));
    }

    private static String note(String note) {
        return note == null || note.isBlank() ? null : InputRules.text(note.strip(), "note", 300);
    }

    private static String id(String exceptionId) {
        if (exceptionId == null || !EXCEPTION_ID.matcher(exceptionId).matches()) {
            throw notFound();
        }
        return exceptionId;
    }

    static LedgerException notFound() {
        return new LedgerException(ErrorCode.RECONCILIATION_EXCEPTION_NOT_FOUND, "no such reconciliation exception");
    }
}
