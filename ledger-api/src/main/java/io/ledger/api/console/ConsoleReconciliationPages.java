package io.ledger.api.console;

import io.ledger.api.security.Caller;
import io.ledger.api.security.Entitlements;
import io.ledger.api.web.BankStatementController;
import io.ledger.api.web.ReconciliationController;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import static io.ledger.api.console.ConsoleGuard.blankToNull;
import static io.ledger.api.console.ConsoleGuard.entitled;

/**
 * Reconciliation in the console (issue 22, ADR 0028): the bank statements with their reports and balance checks, and
 * the exceptions queue, worked here — matched by hand, explained, or booked to suspense by one user and approved by
 * another. As {@link ConsolePages}, each page calls the API's own controller after the API's rule for the action.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Controller
@RequestMapping(ConsoleSecurity.ROOT + "/reconciliation")
class ConsoleReconciliationPages {

    private static final String HOME = ConsoleSecurity.ROOT + "/reconciliation";

    private final BankStatementController statements;
    private final ReconciliationController exceptions;
    private final ConsoleGuard guard;

    ConsoleReconciliationPages(BankStatementController statements, ReconciliationController exceptions,
                               ConsoleGuard guard) {
        this.statements = statements;
        this.exceptions = exceptions;
        this.guard = guard;
    }

    /** The exceptions waiting (open, and proposed for a second pair of eyes) and the latest statements. */
    @GetMapping
    String home(Caller caller, @RequestParam(required = false) String status,
                @RequestParam(required = false) String cursor, Model model) {
        entitled(caller, "reconciliation.exceptions");
        String shown = status == null ? "OPEN" : blankToNull(status);
        model.addAttribute("shown", shown);
        model.addAttribute("exceptions", exceptions.list(shown, null, blankToNull(cursor), 50));
        entitled(caller, "statement.list");
        model.addAttribute("statements", statements.list(null, null, 20));
        return "console/reconciliation";
    }

    @GetMapping("/statements/{statementId}")
    String statement(Caller caller, @PathVariable String statementId, Model model) {
        entitled(caller, "statement.reconciliation");
        model.addAttribute("report", statements.report(statementId));
        model.addAttribute("exceptions", exceptions.list(null, statementId, null, 200));
        return "console/statement";
    }

    /** The report as CSV, downloaded with the session. */
    @GetMapping("/statements/{statementId}/report.csv")
    void statementCsv(Caller caller, @PathVariable String statementId, HttpServletResponse response)
            throws IOException {
        entitled(caller, "statement.reconciliation");
        statements.reportCsv(statementId, response);
    }

    @GetMapping("/exceptions/{exceptionId}")
    String exception(Caller caller, @PathVariable String exceptionId, Model model) {
        entitled(caller, "reconciliation.exception");
        ReconciliationController.ExceptionResponse exception = exceptions.get(exceptionId);
        model.addAttribute("exception", exception);
        entitled(caller, "statement.reconciliation");
        BankStatementController.ReportResponse report = statements.report(exception.statementId());
        model.addAttribute("statement", report.statement());
        model.addAttribute("line", report.lines().stream()
                .filter(line -> exception.lineNo() != null && line.lineNo() == exception.lineNo()).findFirst()
                .orElse(null));
        model.addAttribute("balanceCheck", report.balanceCheck());
        model.addAttribute("ownProposal", caller.subject().equals(exception.proposedBy()));
        return "console/exception";
    }

    @PostMapping("/exceptions/{exceptionId}/resolve")
    String resolve(Caller caller, @PathVariable String exceptionId, @RequestParam(required = false) String items,
                   @RequestParam(required = false) String note, HttpServletRequest request, RedirectAttributes flash) {
        Entitlements.Rule rule = entitled(caller, "reconciliation.resolve");
        List<String> ledgerItems = items == null ? List.of() : Arrays.stream(items.split("[\\s,;]+"))
                .filter(item -> !item.isBlank()).toList();
        ReconciliationController.ExceptionResponse done = exceptions.resolve(caller, exceptionId,
                new ReconciliationController.ResolveRequest(ledgerItems, note));
        guard.performed(request, caller, rule);
        flash.addFlashAttribute("done", "Resolved: " + done.resolution());
        return "redirect:" + HOME + "/exceptions/" + exceptionId;
    }

    @PostMapping("/exceptions/{exceptionId}/suspense")
    String propose(Caller caller, @PathVariable String exceptionId, @RequestParam(required = false) String note,
                   HttpServletRequest request, RedirectAttributes flash) {
        Entitlements.Rule rule = entitled(caller, "reconciliation.suspense");
        exceptions.propose(caller, exceptionId, new ReconciliationController.NoteBody(note));
        guard.performed(request, caller, rule);
        flash.addFlashAttribute("done", "Proposed: a second back-office user approves the suspense booking.");
        return "redirect:" + HOME + "/exceptions/" + exceptionId;
    }

    @PostMapping("/exceptions/{exceptionId}/suspense/{decision:approve|reject}")
    String decide(Caller caller, @PathVariable String exceptionId, @PathVariable String decision,
                  @RequestParam(required = false) String note, HttpServletRequest request, RedirectAttributes flash) {
        boolean approve = "approve".equals(decision);
        Entitlements.Rule rule = entitled(caller, approve ? "reconciliation.suspense.approve"
                : "reconciliation.suspense.reject");
        ReconciliationController.ExceptionResponse done = approve ? exceptions.approve(caller, exceptionId)
                : exceptions.reject(caller, exceptionId, new ReconciliationController.NoteBody(note));
        guard.performed(request, caller, rule);
        flash.addFlashAttribute("done", approve ? "Approved: " + done.resolution() : "Rejected: the exception is open again.");
        return "redirect:" + HOME + "/exceptions/" + exceptionId;
    }
}
