package io.ledger.api.web;

import io.ledger.api.ops.SettlementBacklog;
import io.ledger.api.security.Caller;
import io.ledger.api.security.Scope;
import io.ledger.messages.account.AccountType;
import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.Ids;
import io.ledger.messages.common.LedgerException;
import io.ledger.messages.common.Money;
import io.ledger.messages.payment.InitiatePaymentCommand;
import io.ledger.messages.payment.ListPaymentsQuery;
import io.ledger.messages.payment.PaymentPage;
import io.ledger.messages.payment.PaymentReceipt;
import io.ledger.messages.payment.PaymentStatus;
import io.ledger.messages.payment.PaymentView;
import io.ledger.messages.payment.RecallPaymentCommand;
import io.ledger.messages.payment.RequestFingerprint;
import io.ledger.messages.payment.ReversePaymentCommand;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

@RestController
@RequestMapping(path = "/v1/payments", produces = "application/json")
class PaymentController {

    private static final Pattern PREFER_WAIT = Pattern.compile("(?:^|[,;\\s])wait=(\\d{1,9})(?:$|[,;\\s])");
    private static final int MAX_WAIT_SECONDS = 30;
    private static final int REMITTANCE_MAX = 140;

    private final LedgerGateway ledger;
    private final SettlementBacklog backlog;

    PaymentController(LedgerGateway ledger, SettlementBacklog backlog) {
        this.ledger = ledger;
        this.backlog = backlog;
    }

    @PostMapping(consumes = "application/json")
    ResponseEntity<PaymentResponse> pay(Caller caller,
                                        @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                        @RequestHeader(name = "Prefer", required = false) String prefer,
                                        @RequestBody PaymentRequest body) {
        caller.requireAny(Scope.WALLET, Scope.ADMIN);
        String key = InputRules.idempotencyKey(idempotencyKey);
        if (body == null) {
            throw InputRules.invalid("a JSON body is required");
        }
        String debtor = Ids.requireAccountId(InputRules.required(body.debtorAccount(), "debtorAccount"));
        String creditor = Ids.requireAccountId(InputRules.required(body.creditorAccount(), "creditorAccount"));
        Money amount = Money.parsePositive(InputRules.required(body.amount(), "amount"),
                InputRules.required(body.currency(), "currency"));
        String remittance = InputRules.text(body.remittanceInfo(), "remittanceInfo", REMITTANCE_MAX);
        if (debtor.equals(creditor)) {
            throw new LedgerException(ErrorCode.SAME_ACCOUNT, "debtor and creditor must be different accounts");
        }
        requireMayDebit(caller, debtor);
        backlog.requireRoom();

        String paymentId = Ids.paymentIdFor(caller.subject(), key);
        String fingerprint = RequestFingerprint.of(debtor, creditor, amount, remittance);
        PaymentReceipt receipt = initiate(new InitiatePaymentCommand(paymentId, debtor, creditor, amount, remittance,
                key, fingerprint, caller.subject()), caller);

        Duration wait = preferredWait(prefer);
        if (wait.isZero() && !receipt.replayed()) {
            // Just accepted: the receipt (PENDING) is the answer. Reading the view as well cost a query per
            // payment and, this soon after acceptance, found nothing there yet nearly every time.
            return answer(pendingView(receipt, debtor, creditor, amount, remittance, caller), wait, false);
        }
        PaymentView view = ledger.awaitPayment(paymentId, wait, v -> v.status().isTerminal())
                .orElseGet(() -> pendingView(receipt, debtor, creditor, amount, remittance, caller));
        return answer(view, wait, receipt.replayed());
    }

    /**
     * The payment; with {@code Prefer: wait=N} the answer waits up to N seconds for the payment to end
     * (it may not even be readable yet right after the POST), so a client can long-poll for the outcome.
     */
    @GetMapping("/{paymentId}")
    ResponseEntity<PaymentResponse> get(Caller caller, @PathVariable String paymentId,
                                        @RequestHeader(name = "Prefer", required = false) String prefer) {
        Duration wait = preferredWait(prefer);
        if (wait.isZero()) {
            return ResponseEntity.ok(PaymentResponse.of(visiblePayment(caller, paymentId)));
        }
        caller.requireAny(Scope.WALLET, Scope.BACKOFFICE, Scope.ADMIN);
        InputRules.paymentId(paymentId);
        // Someone else's payment ends the wait at once: the answer is the same 404 as without waiting.
        PaymentView view = ledger.awaitPayment(paymentId, wait, v -> !visibleTo(caller, v) || v.status().isTerminal())
                .filter(v -> visibleTo(caller, v))
                .orElseThrow(() -> new LedgerException(ErrorCode.PAYMENT_NOT_FOUND, "no such payment"));
        return ResponseEntity.ok().header("Preference-Applied", "wait=" + wait.toSeconds())
                .body(PaymentResponse.of(view));
    }

    @GetMapping
    PageResponse<PaymentResponse> list(Caller caller,
                                       @RequestParam(required = false) String account,
                                       @RequestParam(required = false) PaymentStatus status,
                                       @RequestParam(required = false) String cursor,
                                       @RequestParam(required = false) Integer limit) {
        caller.requireAny(Scope.WALLET, Scope.BACKOFFICE, Scope.ADMIN);
        if (account != null) {
            Ids.requireAccountId(account);
        }
        String party = null;
        if (!caller.hasAny(Scope.BACKOFFICE, Scope.ADMIN)) {
            party = caller.subject();
            if (account != null) {
                // Filtering by someone else's account is touching it: not found.
                ledger.account(account).filter(v -> v.ownerId().equals(caller.subject()))
                        .orElseThrow(() -> AccountController.notFound(account));
            }
        }
        PaymentPage page = ledger.query(new ListPaymentsQuery(account, status, party,
                InputRules.text(cursor, "cursor", 512), InputRules.pageSize(limit)), PaymentPage.class);
        return new PageResponse<>(page.items().stream().map(PaymentResponse::of).toList(), page.nextCursor());
    }

    @PostMapping("/{paymentId}/reversal")
    ResponseEntity<PaymentResponse> reverse(Caller caller, @PathVariable String paymentId,
                                            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                            @RequestHeader(name = "Prefer", required = false) String prefer,
                                            @RequestBody(required = false) NoteRequest body) {
        caller.requireAny(Scope.BACKOFFICE);
        InputRules.paymentId(paymentId);
        String remittance = body == null ? null : InputRules.text(body.remittanceInfo(), "remittanceInfo", REMITTANCE_MAX);
        String reversalId = idempotencyKey == null ? UUID.randomUUID().toString()
                : Ids.reversalIdFor(paymentId, InputRules.idempotencyKey(idempotencyKey));
        ledger.send(new ReversePaymentCommand(paymentId, reversalId, caller.subject(), remittance), caller);
        Duration wait = preferredWait(prefer);
        PaymentView view = ledger.awaitPayment(reversalId, wait.isZero() ? Duration.ofSeconds(5) : wait,
                        v -> wait.isZero() || v.status().isTerminal())
                .orElseThrow(() -> new LedgerException(ErrorCode.SERVICE_UNAVAILABLE,
                        "reversal " + reversalId + " was accepted but is not readable yet"));
        return answer(view, wait, false);
    }

    private PaymentReceipt initiate(InitiatePaymentCommand command, Caller caller) {
        try {
            return ledger.send(command, caller);
        } catch (AggregateStreamCreationException alreadyStored) {
            // The id is derived from caller and key, so this request (or a concurrent twin, on any
            // instance, that committed first) already created the payment: answer with it (ADR 0005).
            return ledger.send(new RecallPaymentCommand(command.paymentId(), command.requestFingerprint()), caller);
        }
    }

    private void requireMayDebit(Caller caller, String debtor) {
        LedgerGateway.Holder account = ledger.holder(debtor).orElse(null);
        boolean mayDebit = account != null && (
                (caller.has(Scope.WALLET) && account.ownerId().equals(caller.subject())
                        && account.type() != AccountType.SYSTEM)
                        || (caller.has(Scope.ADMIN) && account.type() == AccountType.SYSTEM));
        if (!mayDebit) {
            if (account != null && caller.has(Scope.ADMIN)) {
                throw new LedgerException(ErrorCode.FORBIDDEN, "an admin token pays from SYSTEM accounts only");
            }
            // Wallets learn nothing about accounts that are not theirs.
            throw AccountController.notFound(debtor);
        }
    }

    private PaymentView visiblePayment(Caller caller, String paymentId) {
        caller.requireAny(Scope.WALLET, Scope.BACKOFFICE, Scope.ADMIN);
        InputRules.paymentId(paymentId);
        return ledger.payment(paymentId)
                .filter(v -> visibleTo(caller, v))
                .orElseThrow(() -> new LedgerException(ErrorCode.PAYMENT_NOT_FOUND, "no such payment"));
    }

    private static boolean visibleTo(Caller caller, PaymentView view) {
        return caller.hasAny(Scope.BACKOFFICE, Scope.ADMIN)
                || caller.subject().equals(view.debtorOwnerId()) || caller.subject().equals(view.creditorOwnerId());
    }

    private static ResponseEntity<PaymentResponse> answer(PaymentView view, Duration wait, boolean replayed) {
        HttpStatus status = !wait.isZero() && view.status().isTerminal() ? HttpStatus.CREATED : HttpStatus.ACCEPTED;
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status)
                .location(URI.create("/v1/payments/" + view.paymentId()));
        if (!wait.isZero()) {
            response.header("Preference-Applied", "wait=" + wait.toSeconds());
        }
        if (replayed) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.body(PaymentResponse.of(view));
    }

    /** Until the read model catches up, the answer is built from what was just accepted. */
    private static PaymentView pendingView(PaymentReceipt receipt, String debtor, String creditor, Money amount,
                                           String remittance, Caller caller) {
        Instant now = Instant.now();
        return new PaymentView(receipt.paymentId(), debtor, creditor, null, null, amount, receipt.status(), null,
                remittance, null, null, caller.subject(), now, now, 0);
    }

    static Duration preferredWait(String prefer) {
        if (prefer == null) {
            return Duration.ZERO;
        }
        Matcher matcher = PREFER_WAIT.matcher(prefer.trim());
        if (!matcher.find()) {
            return Duration.ZERO;
        }
        return Duration.ofSeconds(Math.min(Long.parseLong(matcher.group(1)), MAX_WAIT_SECONDS));
    }
}
