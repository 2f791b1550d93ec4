package io.ledger.api.web;

import io.ledger.api.ops.SettlementBacklog;
import io.ledger.api.batch.PaymentBatches;
import io.ledger.api.security.Caller;
import io.ledger.api.security.Scope;
import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.Ids;
import io.ledger.messages.common.LedgerException;
import io.ledger.messages.common.Money;
import io.ledger.messages.payment.CapturePaymentCommand;
import io.ledger.messages.payment.InitiatePaymentCommand;
import io.ledger.messages.payment.ListPaymentsQuery;
import io.ledger.messages.payment.PaymentPage;
import io.ledger.messages.payment.PaymentReceipt;
import io.ledger.messages.payment.PaymentStatus;
import io.ledger.messages.payment.PaymentView;
import io.ledger.messages.payment.ReversePaymentCommand;
import io.ledger.messages.payment.VoidPaymentCommand;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

@RestController
@RequestMapping(path = "/v1/payments", produces = "application/json")
public class PaymentController {

    private static final Pattern PREFER_WAIT = Pattern.compile("(?:^|[,;\\s])wait=(\\d{1,9})(?:$|[,;\\s])");
    private static final int MAX_WAIT_SECONDS = 30;
    static final int REMITTANCE_MAX = 140;
    /** How long a capture or void waits for the read model to show it when the request does not say. */
    private static final Duration ENDING_READ_WAIT = Duration.ofSeconds(5);

    private final LedgerGateway ledger;
    private final SettlementBacklog backlog;
    private final PaymentRequests requests;
    private final PaymentBatches batches;

    PaymentController(LedgerGateway ledger, SettlementBacklog backlog, PaymentRequests requests,
                      PaymentBatches batches) {
        this.ledger = ledger;
        this.backlog = backlog;
        this.requests = requests;
        this.batches = batches;
    }

    @PostMapping(consumes = "application/json")
    ResponseEntity<PaymentResponse> pay(Caller caller,
                                        @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                        @RequestHeader(name = "Prefer", required = false) String prefer,
                                        @RequestBody PaymentRequest body) {
        String key = InputRules.idempotencyKey(idempotencyKey);
        InitiatePaymentCommand command = requests.prepare(caller, body, key);
        backlog.requireRoom();
        PaymentReceipt receipt = ledger.initiate(command, caller);

        String paymentId = command.paymentId();
        Duration wait = preferredWait(prefer);
        Supplier<PaymentView> accepted = () -> new PaymentView(receipt.paymentId(), command.debtorAccountId(),
                command.creditorAccountId(), null, null, command.amount(), receipt.status(), null,
                command.remittanceInfo(), null, null, caller.subject(), Instant.now(), Instant.now(), 0,
                command.captureMode(), command.expiresAt(), null, command.externalReference(), command.metadata());
        if (wait.isZero() && !receipt.replayed()) {
            // Just accepted: the receipt (PENDING) is the answer. Reading the view as well cost a query per
            // payment and, this soon after acceptance, found nothing there yet nearly every time.
            return answer(accepted.get(), wait, false);
        }
        // An authorization rests AUTHORIZED: its first phase is over, the wait with it.
        PaymentView view = ledger.awaitPayment(paymentId, wait, v -> v.status().isResting()).orElseGet(accepted);
        return answer(view, wait, receipt.replayed());
    }

    /**
     * The payment; with {@code Prefer: wait=N} the answer waits up to N seconds for the payment to end
     * (it may not even be readable yet right after the POST), so a client can long-poll for the outcome.
     */
    @GetMapping("/{paymentId}")
    public ResponseEntity<PaymentResponse> get(Caller caller, @PathVariable String paymentId,
                                        @RequestHeader(name = "Prefer", required = false) String prefer) {
        Duration wait = preferredWait(prefer);
        if (wait.isZero()) {
            return ResponseEntity.ok(PaymentResponse.of(visiblePayment(caller, paymentId)));
        }
        InputRules.paymentId(paymentId);
        // Someone else's payment ends the wait at once: the answer is the same 404 as without waiting.
        PaymentView view = ledger.awaitPayment(paymentId, wait, v -> !visibleTo(caller, v) || v.status().isResting())
                .filter(v -> visibleTo(caller, v))
                .orElseThrow(() -> new LedgerException(ErrorCode.PAYMENT_NOT_FOUND, "no such payment"));
        return ResponseEntity.ok().header("Preference-Applied", "wait=" + wait.toSeconds())
                .body(PaymentResponse.of(view));
    }

    @GetMapping
    public PageResponse<PaymentResponse> list(Caller caller,
                                       @RequestParam(required = false) String account,
                                       @RequestParam(required = false) PaymentStatus status,
                                       @RequestParam(required = false) String externalReference,
                                       @RequestParam(name = "metadata", required = false) List<String> metadata,
                                       @RequestParam(required = false) String from,
                                       @RequestParam(required = false) String to,
                                       @RequestParam(required = false) String cursor,
                                       @RequestParam(required = false) Integer limit) {
        String reference = InputRules.externalReference(externalReference);
        Map<String, String> entries = metadataFilter(metadata);
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
        java.time.Instant createdFrom = InputRules.instant(from, "from");
        java.time.Instant createdTo = InputRules.instant(to, "to");
        if (createdFrom != null && createdTo != null && !createdFrom.isBefore(createdTo)) {
            throw InputRules.invalid("from must be before to");
        }
        PaymentPage page = ledger.query(new ListPaymentsQuery(account, status, party,
                InputRules.text(cursor, "cursor", 512), InputRules.pageSize(limit), reference, entries, createdFrom,
                createdTo), PaymentPage.class);
        return new PageResponse<>(page.items().stream().map(PaymentResponse::of).toList(), page.nextCursor());
    }

    /** {@code ?metadata=key:value} (repeatable): the payments that carry every one of these entries. */
    private static Map<String, String> metadataFilter(List<String> filters) {
        if (filters == null || filters.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> entries = new java.util.LinkedHashMap<>();
        for (String filter : filters) {
            int colon = filter.indexOf(':');
            if (colon <= 0) {
                throw InputRules.invalid("metadata filters read key:value");
            }
            entries.put(filter.substring(0, colon), filter.substring(colon + 1));
        }
        return InputRules.metadata(entries);
    }

    @PostMapping("/{paymentId}/reversal")
    public ResponseEntity<PaymentResponse> reverse(Caller caller, @PathVariable String paymentId,
                                            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                            @RequestHeader(name = "Prefer", required = false) String prefer,
                                            @RequestBody(required = false) NoteRequest body) {
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

    /**
     * Captures an authorization, in full or in part (the rest of the hold is released). The creditor's owner
     * (the merchant) or the back office may; anyone else gets 404, as for a payment they cannot see.
     */
    @PostMapping("/{paymentId}/capture")
    public ResponseEntity<PaymentResponse> capture(Caller caller, @PathVariable String paymentId,
                                            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                            @RequestHeader(name = "Prefer", required = false) String prefer,
                                            @RequestBody(required = false) CaptureRequest body) {
        PaymentView authorization = authorizationEndedBy(caller, paymentId);
        String key = InputRules.idempotencyKey(idempotencyKey);
        requireNotInAtomicBatch(paymentId);
        Money amount = body == null || body.amount() == null ? null
                : Money.parsePositive(body.amount(), authorization.amount().currency());
        PaymentReceipt receipt = ledger.send(new CapturePaymentCommand(paymentId, amount, caller.subject(), key), caller);
        return ended(ledger, paymentId, receipt, preferredWait(prefer));
    }

    /** Voids an authorization: both holds released, nothing posted. Who may: as for a capture. */
    @PostMapping("/{paymentId}/void")
    public ResponseEntity<PaymentResponse> voidAuthorization(Caller caller, @PathVariable String paymentId,
                                                      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                                      @RequestHeader(name = "Prefer", required = false) String prefer) {
        authorizationEndedBy(caller, paymentId);
        String key = InputRules.idempotencyKey(idempotencyKey);
        requireNotInAtomicBatch(paymentId);
        PaymentReceipt receipt = ledger.send(new VoidPaymentCommand(paymentId, caller.subject(), key), caller);
        return ended(ledger, paymentId, receipt, preferredWait(prefer));
    }

    /** An item of an atomic batch is captured or voided by its batch only, all together (AtomicBatchSaga). */
    private void requireNotInAtomicBatch(String paymentId) {
        if (batches.inAtomicBatch(paymentId)) {
            throw new LedgerException(ErrorCode.PAYMENT_IN_ATOMIC_BATCH, "payment " + paymentId
                    + " is an item of an atomic batch: the batch captures or voids all its items together");
        }
    }

    /** The payment, if this caller may end its authorization: the creditor's owner or the back office. */
    private PaymentView authorizationEndedBy(Caller caller, String paymentId) {
        InputRules.paymentId(paymentId);
        return ledger.payment(paymentId)
                .filter(v -> caller.has(Scope.BACKOFFICE)
                        || (caller.has(Scope.WALLET) && caller.subject().equals(v.creditorOwnerId())))
                .orElseThrow(() -> new LedgerException(ErrorCode.PAYMENT_NOT_FOUND, "no such payment"));
    }

    /**
     * The payment once its ending is readable: 200 with it (Idempotent-Replayed when the same request ended it
     * before), or 202 while the read model has not caught up within the wait (at least a few seconds).
     */
    static ResponseEntity<PaymentResponse> ended(LedgerGateway ledger, String paymentId, PaymentReceipt receipt,
                                                 Duration wait) {
        Duration atMost = wait.compareTo(ENDING_READ_WAIT) < 0 ? ENDING_READ_WAIT : wait;
        PaymentView view = ledger.awaitPayment(paymentId, atMost, v -> v.status() == receipt.status()).orElse(null);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(view == null ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .location(URI.create("/v1/payments/" + paymentId));
        if (!wait.isZero()) {
            response.header("Preference-Applied", "wait=" + wait.toSeconds());
        }
        if (receipt.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.body(view == null ? null : PaymentResponse.of(view));
    }

    private PaymentView visiblePayment(Caller caller, String paymentId) {
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
        HttpStatus status = !wait.isZero() && view.status().isResting() ? HttpStatus.CREATED : HttpStatus.ACCEPTED;
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
