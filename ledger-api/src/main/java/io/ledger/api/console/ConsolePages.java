package io.ledger.api.console;

import io.ledger.api.security.Caller;
import io.ledger.api.security.Entitlements;
import io.ledger.api.web.AccountController;
import io.ledger.api.web.AccountResponse;
import io.ledger.api.web.AuditController;
import io.ledger.api.web.EntryResponse;
import io.ledger.api.web.LimitController;
import io.ledger.api.web.NoteRequest;
import io.ledger.api.web.PageResponse;
import io.ledger.api.web.PaymentController;
import io.ledger.api.web.PaymentResponse;
import io.ledger.api.web.PayoutController;
import io.ledger.api.web.PayoutResponse;
import io.ledger.api.web.ReviewController;
import io.ledger.messages.account.AccountStatus;
import io.ledger.messages.account.AccountType;
import io.ledger.messages.account.EntryState;
import io.ledger.messages.account.LimitWindow;
import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;
import io.ledger.messages.payment.PaymentStatus;
import io.ledger.messages.payout.PayoutStatus;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static io.ledger.api.console.ConsoleGuard.blankToNull;
import static io.ledger.api.console.ConsoleGuard.entitled;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The console's pages. Each one calls the API's own controller methods with the signed-in {@link Caller}, after the
 * API rule of that action lets the caller in ({@link Entitlements#action}): the same object-level checks, the same
 * refusals, the same commands and events as the route (ADR 0027). Money-moving actions take a confirmation page
 * first, and carry an idempotency key from it, so a second submit does nothing twice.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Controller
@RequestMapping(ConsoleSecurity.ROOT)
class ConsolePages {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** A money-moving action answers once its payment rests (or after this, as the API's Prefer: wait does). */
    private static final String SETTLE_WAIT = "wait=10";

    private final AccountController accounts;
    private final PaymentController payments;
    private final ReviewController reviews;
    private final PayoutController payouts;
    private final AuditController audit;
    private final LimitController limits;
    private final ConsoleGuard guard;

    ConsolePages(AccountController accounts, PaymentController payments, ReviewController reviews,
                 PayoutController payouts, AuditController audit, LimitController limits, ConsoleGuard guard) {
        this.accounts = accounts;
        this.limits = limits;
        this.payments = payments;
        this.reviews = reviews;
        this.payouts = payouts;
        this.audit = audit;
        this.guard = guard;
    }

    @GetMapping
    String home(Caller caller, Model model) {
        if (new ConsoleGuard.Allowed(caller).to("review.list")) {
            model.addAttribute("reviews", reviews.queue(null, 5));
        }
        return "console/home";
    }

    // ---- accounts ----------------------------------------------------------------------------------------------

    @GetMapping("/accounts")
    String accounts(Caller caller, @RequestParam(required = false) String id, @RequestParam(required = false) String owner,
                    @RequestParam(required = false) AccountStatus status, @RequestParam(required = false) AccountType type,
                    @RequestParam(required = false) String cursor, Model model) {
        entitled(caller, "account.list");
        if (blankToNull(id) != null) {
            // An id is one account: its page, or the same "no such account" the API gives.
            return "redirect:" + ConsoleSecurity.ROOT + "/accounts/" + accounts.get(caller, blankToNull(id), null, null).accountId();
        }
        model.addAttribute("owner", owner);
        model.addAttribute("status", status);
        model.addAttribute("type", type);
        model.addAttribute("statuses", AccountStatus.values());
        model.addAttribute("types", AccountType.values());
        model.addAttribute("page", accounts.list(caller, blankToNull(owner), status, type, blankToNull(cursor), 50));
        return "console/accounts";
    }

    @GetMapping("/accounts/{accountId}")
    String account(Caller caller, @PathVariable String accountId, @RequestParam(required = false) String cursor,
                   @RequestParam(required = false) String asOf, Model model) {
        entitled(caller, "account.read");
        AccountResponse account = accounts.get(caller, accountId, null, null);
        if (blankToNull(asOf) != null) {
            // The form's local date and time, read as UTC (the page says so).
            String instant = utc(asOf);
            model.addAttribute("asOf", asOf.strip());
            try {
                model.addAttribute("then", accounts.get(caller, accountId, instant, null));
            } catch (LedgerException refused) {
                model.addAttribute("thenRefused", refused.code() + ": " + refused.getMessage());
            }
        }
        entitled(caller, "account.entries");
        PageResponse<EntryResponse> statement = accounts.entries(caller, accountId, blankToNull(cursor), 50);
        model.addAttribute("account", account);
        model.addAttribute("statement", statement);
        model.addAttribute("chart", chart(caller, account, statement));
        model.addAttribute("payments", payments.list(caller, accountId, null, null, null, null, null, null, 10));
        if (new ConsoleGuard.Allowed(caller).to("limits.read")) {
            LimitController.LimitsResponse shown = limits.read(caller, accountId);
            model.addAttribute("limits", shown);
            model.addAttribute("limitRows", LimitRow.of(shown));
            model.addAttribute("ownerForm", ownerForm(shown.ownerLimits()));
        }
        return "console/account";
    }

    /**
     * Replaces the limits of the account's owner in the account's currency, across all the owner's accounts in it
     * (ADR 0034), from the account page's form: blank fields are no limit, all blank removes them.
     */
    @PostMapping("/accounts/{accountId}/owner-limits")
    String ownerLimits(Caller caller, @PathVariable String accountId, @RequestParam Map<String, String> form,
                       HttpServletRequest request, RedirectAttributes flash) {
        Entitlements.Rule rule = entitled(caller, "limits.owner.set");
        entitled(caller, "account.read");
        AccountResponse account = accounts.get(caller, accountId, null, null);
        List<LimitController.WindowRequest> windows = new ArrayList<>();
        for (LimitWindow window : LimitWindow.values()) {
            String name = window.name().toLowerCase(Locale.ROOT);
            String amount = blankToNull(form.get(name + "Amount"));
            String count = blankToNull(form.get(name + "Count"));
            if (amount != null || count != null) {
                windows.add(new LimitController.WindowRequest(window.name(), amount, count(count, name + "Count")));
            }
        }
        limits.setOwner(caller, account.currency(), new LimitController.OwnerLimitsRequest(account.ownerId(),
                blankToNull(form.get("perPayment")), windows));
        guard.performed(request, caller, rule);
        flash.addFlashAttribute("done", windows.isEmpty() && blankToNull(form.get("perPayment")) == null
                ? "The owner's limits in " + account.currency() + " are removed."
                : "The owner's limits in " + account.currency() + " apply to every payment from its accounts from now on.");
        return "redirect:" + ConsoleSecurity.ROOT + "/accounts/" + accountId;
    }

    /** One line of the account page's limits table: who set it (the account, its type, its owner) and one limit. */
    record LimitRow(String setOn, String limit, String amount, Integer count, String usedAmount, Integer usedCount,
                    String leftAmount, Integer leftCount) {

        static List<LimitRow> of(LimitController.LimitsResponse limits) {
            List<LimitRow> rows = new ArrayList<>();
            add(rows, "This account", limits.perPayment(), limits.windows());
            if (limits.typeLimits() != null) {
                add(rows, "Every " + limits.typeLimits().type() + " in " + limits.currency()
                        + " (policy v" + limits.typeLimits().policyVersion() + ")",
                        limits.typeLimits().perPayment(), limits.typeLimits().windows());
            }
            if (limits.ownerLimits() != null) {
                add(rows, "Its owner, across its accounts in " + limits.currency(), limits.ownerLimits().perPayment(),
                        limits.ownerLimits().windows());
            }
            return rows;
        }

        private static void add(List<LimitRow> rows, String setOn, String perPayment,
                                List<LimitController.WindowResponse> windows) {
            if (perPayment != null) {
                rows.add(new LimitRow(setOn, "One payment", perPayment, null, null, null, null, null));
            }
            for (LimitController.WindowResponse window : windows) {
                rows.add(new LimitRow(setOn, window.window().name() + " (" + window.length() + ", rolling)",
                        window.amount(), window.count(),
                        window.used() == null ? null : window.used().amount(),
                        window.used() == null ? null : window.used().count(),
                        window.remaining() == null ? null : window.remaining().amount(),
                        window.remaining() == null ? null : window.remaining().count()));
            }
        }
    }

    /** The owner limits form's fields as they stand, so that changing one leaves the others as they were. */
    private static Map<String, String> ownerForm(LimitController.OwnerLimitsResponse owner) {
        Map<String, String> fields = new java.util.HashMap<>();
        if (owner != null) {
            fields.put("perPayment", owner.perPayment());
            for (LimitController.WindowResponse window : owner.windows()) {
                String name = window.window().name().toLowerCase(Locale.ROOT);
                fields.put(name + "Amount", window.amount());
                fields.put(name + "Count", window.count() == null ? null : window.count().toString());
            }
        }
        return fields;
    }

    /** A count field as a number; anything else refused as the API refuses a malformed count. */
    private static Integer count(String value, String field) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw new LedgerException(ErrorCode.VALIDATION_FAILED, field + " must be a whole number");
        }
    }

    /**
     * The account's signed statement between two times (the form's local date and time, read as UTC), downloaded as
     * the API answers it: verifiable offline with the verifier (docs/compliance.md).
     */
    @GetMapping("/accounts/{accountId}/statement")
    ResponseEntity<StreamingResponseBody> signedStatement(Caller caller, @PathVariable String accountId,
                                                          @RequestParam(required = false) String from,
                                                          @RequestParam(required = false) String to) {
        entitled(caller, "account.statement");
        return accounts.statement(caller, accountId, utc(from), utc(to));
    }

    /** A datetime-local value ("2026-12-01T09:30") as an ISO instant in UTC; anything else as it came. */
    private static String utc(String local) {
        String value = blankToNull(local) == null ? null : local.strip();
        return value != null && value.length() == 16 ? value + ":00Z" : value;
    }

    @PostMapping("/accounts/{accountId}/freeze")
    String freeze(Caller caller, @PathVariable String accountId, @RequestParam(required = false) String reason,
                  HttpServletRequest request, RedirectAttributes flash) {
        Entitlements.Rule rule = entitled(caller, "account.freeze");
        accounts.freeze(caller, accountId, new NoteRequest(blankToNull(reason), null));
        guard.performed(request, caller, rule);
        flash.addFlashAttribute("done", "Account frozen: no payment debits or credits it until it is unfrozen.");
        return "redirect:" + ConsoleSecurity.ROOT + "/accounts/" + accountId;
    }

    @PostMapping("/accounts/{accountId}/unfreeze")
    String unfreeze(Caller caller, @PathVariable String accountId, HttpServletRequest request,
                    RedirectAttributes flash) {
        Entitlements.Rule rule = entitled(caller, "account.unfreeze");
        accounts.unfreeze(caller, accountId);
        guard.performed(request, caller, rule);
        flash.addFlashAttribute("done", "Account unfrozen.");
        return "redirect:" + ConsoleSecurity.ROOT + "/accounts/" + accountId;
    }

    /**
     * The posted balance after each posted entry of the shown statement page, as the API answers it at the time the
     * entry was posted (the balance history's index: one lookup a point, whatever the account's size).
     */
    private Chart chart(Caller caller, AccountResponse account, PageResponse<EntryResponse> page) {
        List<String> labels = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (EntryResponse entry : page.items()) {
            if (entry.state() == EntryState.POSTED) {
                labels.add(entry.updatedAt().toString());
                values.add(accounts.get(caller, account.accountId(), entry.updatedAt().toString(), null).balances()
                        .posted());
            }
        }
        return labels.isEmpty() ? null : new Chart(account.currency(), labels, values);
    }

    /** The chart's points, handed to the page as JSON data (no inline script: the content security policy). */
    record Chart(String currency, List<String> labels, List<String> values) {

        public String json() {
            return JSON.writeValueAsString(this);
        }
    }

    // ---- payments ----------------------------------------------------------------------------------------------

    @GetMapping("/payments")
    String payments(Caller caller, @RequestParam(required = false) String account,
                    @RequestParam(required = false) PaymentStatus status,
                    @RequestParam(required = false) String externalReference,
                    @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                    @RequestParam(required = false) String cursor, Model model) {
        entitled(caller, "payment.list");
        model.addAttribute("account", account);
        model.addAttribute("status", status);
        model.addAttribute("externalReference", externalReference);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("statuses", PaymentStatus.values());
        // Whole UTC days, both included: the API's from (inclusive) and to (exclusive) instants.
        model.addAttribute("page", payments.list(caller, blankToNull(account), status, blankToNull(externalReference),
                null, day(from, 0), day(to, 1), blankToNull(cursor), 50));
        return "console/payments";
    }

    /** The start of a UTC day given as yyyy-mm-dd, or of the day after; a malformed day is the API's refusal. */
    private static String day(String date, int plusDays) {
        if (blankToNull(date) == null) {
            return null;
        }
        try {
            return java.time.LocalDate.parse(date.strip()).plusDays(plusDays).atStartOfDay(java.time.ZoneOffset.UTC)
                    .toInstant().toString();
        } catch (java.time.format.DateTimeParseException e) {
            throw new LedgerException(ErrorCode.VALIDATION_FAILED, "dates read yyyy-mm-dd");
        }
    }

    @GetMapping("/payments/{paymentId}")
    String payment(Caller caller, @PathVariable String paymentId, Model model) {
        entitled(caller, "payment.read");
        model.addAttribute("payment", payments.get(caller, paymentId, null).getBody());
        if (new ConsoleGuard.Allowed(caller).to("audit.events")) {
            model.addAttribute("timeline", timeline(paymentId));
        }
        return "console/payment";
    }

    /** One step of a payment's life as the audit trail recorded it: the event, when, by whom, under which request. */
    record Step(long auditSeq, String eventType, String timestamp, String principal, String correlationId) {
    }

    private List<Step> timeline(String paymentId) {
        List<Step> steps = new ArrayList<>();
        String cursor = null;
        do {
            var page = audit.events(null, null, null, paymentId, null, null, null, cursor, 200);
            for (var record : page.items()) {
                JsonNode metadata = JSON.readTree(record.metadata());
                // The principal is sealed personal data (ADR 0021): shown as it reads now, opened or [erased].
                var opened = record.personalData() == null ? null : record.personalData().get("metadata");
                String principal = opened != null && opened.containsKey("/principal") ? opened.get("/principal")
                        : text(metadata, "principal");
                steps.add(new Step(record.auditSeq(), record.eventType().substring(record.eventType().lastIndexOf('.') + 1),
                        record.timestamp(), principal, text(metadata, "correlationId")));
            }
            cursor = page.nextCursor();
        } while (cursor != null && steps.size() < 1_000);
        return steps;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    /** The money-moving actions on one payment, each confirmed on a page of its own first. */
    enum PaymentAction {
        REVERSE("payment.reverse", "Reverse", "moves the settled amount back from the creditor to the debtor"),
        CAPTURE("payment.capture", "Capture", "settles the authorization (all of it, or the amount given)"),
        VOID("payment.void", "Void", "releases the authorization's holds; nothing is posted"),
        APPROVE("review.approve", "Approve", "lets the payment held for review go on: it settles (or waits authorized)"),
        DECLINE("review.decline", "Decline", "rejects the payment held for review (RISK_DECLINED) and releases its hold");

        final String action;
        final String label;
        final String effect;

        PaymentAction(String action, String label, String effect) {
            this.action = action;
            this.label = label;
            this.effect = effect;
        }

        public String label() {
            return label;
        }

        public String effect() {
            return effect;
        }

        public String path() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static PaymentAction of(String path) {
            for (PaymentAction action : values()) {
                if (action.path().equals(path)) {
                    return action;
                }
            }
            throw new LedgerException(ErrorCode.ROUTE_NOT_FOUND, "no such action on a payment: " + path);
        }
    }

    @GetMapping("/payments/{paymentId}/{action:reverse|capture|void|approve|decline}")
    String confirm(Caller caller, @PathVariable String paymentId, @PathVariable String action, Model model) {
        PaymentAction chosen = PaymentAction.of(action);
        entitled(caller, chosen.action);
        model.addAttribute("payment", payments.get(caller, paymentId, null).getBody());
        model.addAttribute("action", chosen);
        model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
        return "console/confirm";
    }

    @PostMapping("/payments/{paymentId}/{action:reverse|capture|void|approve|decline}")
    String act(Caller caller, @PathVariable String paymentId, @PathVariable String action,
               @RequestParam String idempotencyKey, @RequestParam(required = false) String note,
               @RequestParam(required = false) String amount, HttpServletRequest request,
               RedirectAttributes flash) {
        PaymentAction chosen = PaymentAction.of(action);
        Entitlements.Rule rule = entitled(caller, chosen.action);
        PaymentResponse result = switch (chosen) {
            case REVERSE -> payments.reverse(caller, paymentId, idempotencyKey, SETTLE_WAIT,
                    new NoteRequest(null, blankToNull(note))).getBody();
            case CAPTURE -> payments.capture(caller, paymentId, idempotencyKey, SETTLE_WAIT,
                    blankToNull(amount) == null ? null : new io.ledger.api.web.CaptureRequest(amount.strip())).getBody();
            case VOID -> payments.voidAuthorization(caller, paymentId, idempotencyKey, SETTLE_WAIT).getBody();
            case APPROVE -> reviews.approve(caller, paymentId).getBody();
            case DECLINE -> reviews.decline(caller, paymentId).getBody();
        };
        guard.performed(request, caller, rule);
        String shown = chosen == PaymentAction.REVERSE && result != null ? result.paymentId() : paymentId;
        flash.addFlashAttribute("done", chosen.label + ": " + (result == null ? "accepted" : result.status()));
        return "redirect:" + ConsoleSecurity.ROOT + "/payments/" + shown;
    }

    // ---- work queues -------------------------------------------------------------------------------------------

    @GetMapping("/reviews")
    String reviews(Caller caller, @RequestParam(required = false) String cursor, Model model) {
        entitled(caller, "review.list");
        model.addAttribute("page", reviews.queue(blankToNull(cursor), 50));
        if (new ConsoleGuard.Allowed(caller).to("payout.list")) {
            model.addAttribute("payouts", payouts.list(caller, PayoutStatus.IN_REVIEW, null, 50));
        }
        return "console/reviews";
    }

    /** A decision on a payout in review is confirmed on a page of its own first, as a payment's actions are. */
    @GetMapping("/payouts/{payoutId}/{action:approve|decline}")
    String confirmPayout(Caller caller, @PathVariable String payoutId, @PathVariable String action, Model model) {
        entitled(caller, "review.payout." + action);
        model.addAttribute("payout", payouts.get(caller, payoutId));
        model.addAttribute("approve", action.equals("approve"));
        return "console/confirm-payout";
    }

    /** A payout in review approved (it is instructed) or declined (RISK_DECLINED, its holds released), ADR 0033. */
    @PostMapping("/payouts/{payoutId}/{action:approve|decline}")
    String decidePayout(Caller caller, @PathVariable String payoutId, @PathVariable String action,
                        HttpServletRequest request, RedirectAttributes flash) {
        boolean approve = action.equals("approve");
        Entitlements.Rule rule = entitled(caller, "review.payout." + action);
        PayoutResponse result = (approve ? reviews.approvePayout(caller, payoutId)
                : reviews.declinePayout(caller, payoutId)).getBody();
        guard.performed(request, caller, rule);
        flash.addFlashAttribute("done", (approve ? "Payout approved: " : "Payout declined: ")
                + (result == null ? "accepted" : result.status()));
        return "redirect:" + ConsoleSecurity.ROOT + "/reviews";
    }

    // ---- compliance --------------------------------------------------------------------------------------------

    @GetMapping("/compliance")
    String compliance(Caller caller, @RequestParam(required = false) String correlationId,
                      @RequestParam(defaultValue = "false") boolean full, Model model) {
        entitled(caller, "audit.integrity");
        model.addAttribute("integrity", audit.integrity(full));
        if (blankToNull(correlationId) != null) {
            entitled(caller, "audit.trace");
            model.addAttribute("correlationId", blankToNull(correlationId));
            model.addAttribute("trace", audit.trace(blankToNull(correlationId)));
        }
        return "console/compliance";
    }

    @GetMapping("/compliance/export")
    ResponseEntity<StreamingResponseBody> export(Caller caller, @RequestParam(required = false) String from,
                                                 @RequestParam(required = false) String to,
                                                 @RequestParam(defaultValue = "ndjson") String format) {
        entitled(caller, "audit.export");
        ResponseEntity<StreamingResponseBody> export = audit.export(blankToNull(from), blankToNull(to), null, null,
                null, null, null, format);
        return ResponseEntity.status(export.getStatusCode()).headers(export.getHeaders())
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"ledger-audit."
                        + ("csv".equals(format) ? "csv" : format.equals("json") ? "json" : "ndjson") + "\"")
                .body(export.getBody());
    }
}
