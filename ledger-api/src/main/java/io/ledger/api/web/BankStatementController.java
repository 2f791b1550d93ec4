package io.ledger.api.web;

import io.ledger.api.reconcile.Reconciler;
import io.ledger.api.reconcile.StatementImport;
import io.ledger.api.reconcile.Statements;
import io.ledger.api.security.Caller;
import io.ledger.messages.account.AccountStatus;
import io.ledger.messages.account.AccountType;
import io.ledger.messages.account.AccountView;
import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;
import io.ledger.messages.common.Money;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.iban4j.Iban4jException;
import org.iban4j.IbanUtil;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reconciliation against the bank (issue 22, ADR 0028), the bank lane's side: the house's bank accounts linked to
 * their clearing accounts, statements in (camt.053, camt.054, CSV), each statement's reconciliation report (JSON or
 * CSV) with the balance check.
 */
@RestController
@RequestMapping(produces = "application/json")
public class BankStatementController {

    private static final Pattern STATEMENT_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Duration RECONCILE_WAIT = Duration.ofSeconds(5);

    private final StatementImport imports;
    private final Statements statements;
    private final Reconciler reconciler;
    private final LedgerGateway ledger;

    BankStatementController(StatementImport imports, Statements statements, Reconciler reconciler, LedgerGateway ledger) {
        this.imports = imports;
        this.statements = statements;
        this.reconciler = reconciler;
        this.ledger = ledger;
    }

    public record LinkRequest(String iban, String currency, String clearingAccount, String suspenseAccount,
                              String amountTolerance, Integer dateWindowDays) {
    }

    public record LinkResponse(String iban, String currency, String clearingAccount, String suspenseAccount,
                               String amountTolerance, int dateWindowDays, Instant linkedAt) {

        static LinkResponse of(Statements.Link link) {
            return new LinkResponse(link.iban(), link.currency(), link.clearingAccountId(), link.suspenseAccountId(),
                    decimal(link.amountTolerance(), link.currency()), link.dateWindowDays(), link.linkedAt());
        }
    }

    public record StatementResponse(String statementId, String iban, String format, String messageId,
                                    String statementReference, String currency, String contentHash, long bytes,
                                    int lineCount, String openingBalance, String closingBalance, Instant closingAt,
                                    String status, Instant importedAt, Instant reconciledAt, long linesReconciled,
                                    long linesInException, long linesPending) {

        static StatementResponse of(Statements.Statement statement, Map<String, Object> counts) {
            return new StatementResponse(statement.statementId(), statement.iban(), statement.format(),
                    statement.messageId(), statement.statementReference(), statement.currency(),
                    statement.contentHash(), statement.bytes(), statement.lineCount(),
                    decimal(statement.openingBalance(), statement.currency()),
                    decimal(statement.closingBalance(), statement.currency()), statement.closingAt(),
                    statement.status(), statement.importedAt(), statement.reconciledAt(),
                    ((Number) counts.get("reconciled")).longValue(), ((Number) counts.get("exceptions")).longValue(),
                    ((Number) counts.get("pending")).longValue());
        }
    }

    public record LineResponse(int lineNo, String location, String direction, String amount, LocalDate bookingDate,
                               LocalDate valueDate, String bankReference, String entryReference,
                               List<String> endToEndIds, String counterparty, String returnReason, boolean reversal,
                               String outcome, String rule, String strategy, List<String> ledgerItems, String booked,
                               Instant decidedAt) {

        static LineResponse of(Statements.Line line, String currency) {
            return new LineResponse(line.lineNo(), line.location(), line.direction(), decimal(line.amount(), currency),
                    line.bookingDate(), line.valueDate(), line.bankReference(), line.entryReference(),
                    line.endToEndIds(), line.counterparty(), line.returnReason(), line.reversal(), line.outcome(),
                    line.rule(), line.strategy(), line.ledgerItems(), line.booked(), line.decidedAt());
        }
    }

    /** The balance check: agrees is null when it could not be made (no closing balance, history not indexed then). */
    public record BalanceCheckResponse(String bankClosingBalance, String clearingAccount, String clearingBalanceAsBank,
                                       String bookedAfterClosing, String difference, Boolean agrees) {
    }

    public record ReportResponse(StatementResponse statement, String reconciledAmount, String unreconciledAmount,
                                 BalanceCheckResponse balanceCheck, List<LineResponse> lines) {
    }

    // ---- bank accounts

    /** Links a bank account of the house to the clearing account that mirrors it, with its suspense account. */
    @PostMapping(path = "/v1/bank-accounts", consumes = "application/json")
    public ResponseEntity<LinkResponse> link(Caller caller, @RequestBody LinkRequest body) {
        if (body == null) {
            throw InputRules.invalid("a body is required: iban, currency, clearingAccount, suspenseAccount");
        }
        String iban = InputRules.required(body.iban(), "iban").replace(" ", "");
        try {
            IbanUtil.validate(iban);
        } catch (Iban4jException e) {
            throw InputRules.invalid("iban is not a valid IBAN");
        }
        String currency = InputRules.required(body.currency(), "currency");
        Money.scaleOf(currency);
        long tolerance = body.amountTolerance() == null ? 0
                : Money.parseNonNegative(body.amountTolerance(), currency).minorUnits();
        int window = body.dateWindowDays() == null ? 3 : body.dateWindowDays();
        if (window < 0 || window > 31) {
            throw InputRules.invalid("dateWindowDays must be between 0 and 31");
        }
        String clearing = account(body.clearingAccount(), "clearingAccount", AccountType.CLEARING, currency);
        String suspense = account(body.suspenseAccount(), "suspenseAccount", AccountType.SYSTEM, currency);
        Statements.Link link = statements.link(new Statements.Link(iban, currency, clearing, suspense, tolerance, window,
                caller.subject(), null), ledger.lineage(caller));
        return ResponseEntity.created(URI.create("/v1/bank-accounts")).body(LinkResponse.of(link));
    }

    private String account(String id, String field, AccountType type, String currency) {
        String accountId = InputRules.required(id, field);
        io.ledger.messages.common.Ids.requireAccountId(accountId);
        AccountView view = ledger.account(accountId).orElseThrow(() -> AccountController.notFound(accountId));
        if (view.type() != type || view.status() != AccountStatus.ACTIVE) {
            throw InputRules.invalid(field + " must be an active " + type + " account");
        }
        if (!view.currency().equals(currency)) {
            throw new LedgerException(ErrorCode.CURRENCY_MISMATCH, field + " is in " + view.currency() + ", not " + currency);
        }
        return accountId;
    }

    @GetMapping("/v1/bank-accounts")
    public PageResponse<LinkResponse> links() {
        return new PageResponse<>(statements.links().stream().map(LinkResponse::of).toList(), null);
    }

    // ---- statements

    /**
     * A statement in: camt.053.001.08 or camt.054.001.08 as XML, or the documented CSV. 201 with the statement once
     * stored; its reconciliation runs at once, and the answer waits for it up to Prefer: wait=N seconds (default 5).
     * The same file again answers 200 with Idempotent-Replayed.
     */
    @PostMapping(path = "/v1/bank-statements",
            consumes = {PaymentFileController.CSV, MediaType.APPLICATION_XML_VALUE, MediaType.TEXT_XML_VALUE})
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "the statement file",
            content = {@Content(mediaType = PaymentFileController.CSV, schema = @Schema(type = "string")),
                    @Content(mediaType = MediaType.APPLICATION_XML_VALUE, schema = @Schema(type = "string",
                            description = "ISO 20022 camt.053.001.08 or camt.054.001.08"))})
    ResponseEntity<StatementResponse> upload(Caller caller, HttpServletRequest request,
                                             @RequestHeader(name = "Prefer", required = false) String prefer)
            throws IOException {
        StatementImport.Format format = PaymentFileController.isCsv(request) ? StatementImport.Format.CSV
                : StatementImport.Format.CAMT;
        byte[] file = request.getInputStream().readAllBytes();
        if (file.length == 0) {
            throw InputRules.invalid("the statement file is empty");
        }
        Statements.Imported imported = imports.upload(format, file, ledger.lineage(caller));
        Duration wait = PaymentController.preferredWait(prefer);
        Statements.Statement statement = imports.await(imported.statementId(), wait.isZero() ? RECONCILE_WAIT : wait);
        ResponseEntity.BodyBuilder answer = ResponseEntity
                .status(imported.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
                .location(URI.create("/v1/bank-statements/" + imported.statementId()));
        if (imported.replayed()) {
            answer.header("Idempotent-Replayed", "true");
        }
        return answer.body(StatementResponse.of(statement, statements.counts(statement.statementId())));
    }

    /** Statements newest first, optionally of one bank account. */
    @GetMapping("/v1/bank-statements")
    public PageResponse<StatementResponse> list(@RequestParam(required = false) String iban,
                                                @RequestParam(required = false) String cursor,
                                                @RequestParam(required = false) Integer limit) {
        int size = InputRules.pageSize(limit);
        List<Statements.Statement> page = statements.list(iban == null ? null : InputRules.text(iban, "iban", 34)
                .replace(" ", ""), InputRules.text(cursor, "cursor", 512), size);
        String next = page.size() > size ? statements.cursorAfter(page.get(size - 1).statementId()) : null;
        List<Statements.Statement> shown = page.stream().limit(size).toList();
        Map<String, Map<String, Object>> counts = statements.counts(shown.stream().map(Statements.Statement::statementId)
                .toList());
        return new PageResponse<>(shown.stream().map(s -> StatementResponse.of(s, counts.get(s.statementId()))).toList(),
                next);
    }

    @GetMapping("/v1/bank-statements/{statementId}")
    public StatementResponse get(@PathVariable String statementId) {
        Statements.Statement statement = find(statementId);
        return StatementResponse.of(statement, statements.counts(statementId));
    }

    /** The statement's reconciliation: every line's outcome, the amounts and the balance check. */
    @GetMapping("/v1/bank-statements/{statementId}/reconciliation")
    public ReportResponse report(@PathVariable String statementId) {
        Statements.Statement statement = find(statementId);
        Map<String, Object> counts = statements.counts(statementId);
        Statements.Link link = statements.findLink(statement.iban()).orElseThrow();
        Reconciler.BalanceCheck check = reconciler.check(statement, link);
        String currency = statement.currency();
        BalanceCheckResponse balance = check == null
                ? new BalanceCheckResponse(decimal(statement.closingBalance(), currency), link.clearingAccountId(),
                null, null, null, null)
                : new BalanceCheckResponse(decimal(check.bankClosing(), currency), link.clearingAccountId(),
                decimal(check.ledgerBalance(), currency), decimal(check.bookedAfter(), currency),
                decimal(check.difference(), currency), check.difference() == 0);
        return new ReportResponse(StatementResponse.of(statement, counts),
                decimal(((Number) counts.get("reconciled_amount")).longValue(), currency),
                decimal(((Number) counts.get("unreconciled_amount")).longValue(), currency), balance,
                statements.lines(statementId).stream().map(line -> LineResponse.of(line, currency)).toList());
    }

    /** The same report as CSV: one record per line, the balance check in the last records. */
    @GetMapping(path = "/v1/bank-statements/{statementId}/reconciliation", produces = PaymentFileController.CSV)
    public void reportCsv(@PathVariable String statementId, HttpServletResponse response) throws IOException {
        ReportResponse report = report(statementId);
        response.setContentType(PaymentFileController.CSV);
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"reconciliation-" + statementId + ".csv\"");
        // Commons CSV quotes what needs quoting; a text a spreadsheet would run as a formula is defused first.
        CSVPrinter out = new CSVPrinter(response.getWriter(), CSVFormat.RFC4180.builder().setHeader("line_no",
                "location", "direction", "amount", "value_date", "bank_reference", "end_to_end_ids", "outcome", "rule",
                "strategy", "ledger_items", "booked").get());
        for (LineResponse line : report.lines()) {
            out.printRecord(line.lineNo(), safe(line.location()), line.direction(), line.amount(), line.valueDate(),
                    safe(line.bankReference()), safe(String.join(" ", line.endToEndIds())), line.outcome(), line.rule(),
                    line.strategy(), String.join(" ", line.ledgerItems()), line.booked());
        }
        BalanceCheckResponse check = report.balanceCheck();
        out.printRecord("BALANCE", "closing", null, null, check.bankClosingBalance(), null, null,
                check.agrees() == null ? "NOT_CHECKED" : check.agrees() ? "AGREES" : "DIFFERS", null, null,
                check.clearingBalanceAsBank(), check.difference());
        out.flush();
    }

    /** A text from the bank's file that a spreadsheet would run as a formula, prefixed so that it reads as text. */
    private static String safe(String value) {
        return value != null && value.matches("^[=+\\-@\\t\\r].*") ? "'" + value : value;
    }

    private Statements.Statement find(String statementId) {
        if (statementId == null || !STATEMENT_ID.matcher(statementId).matches()) {
            throw notFound();
        }
        return statements.find(statementId).orElseThrow(BankStatementController::notFound);
    }

    static LedgerException notFound() {
        return new LedgerException(ErrorCode.BANK_STATEMENT_NOT_FOUND, "no such bank statement");
    }

    /** Signed minor units as a decimal string in the currency's scale. */
    static String decimal(Long minor, String currency) {
        return minor == null ? null : BigDecimal.valueOf(minor, Money.scaleOf(currency)).toPlainString();
    }
}
