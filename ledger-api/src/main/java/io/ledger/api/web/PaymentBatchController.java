package io.ledger.api.web;

import io.ledger.api.batch.AtomicBatchSettings;
import io.ledger.api.batch.PaymentBatches;
import io.ledger.api.security.Caller;
import io.ledger.api.security.Scope;
import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.Ids;
import io.ledger.messages.common.LedgerException;
import io.ledger.messages.payment.CaptureMode;
import io.ledger.messages.payment.InitiatePaymentCommand;
import io.ledger.messages.payment.RequestFingerprint;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Many payments in one request (issue 20): each item is checked as a single request is and becomes the same
 * payment command; items refused at submission are reported with their code, the others are sent by the batch's
 * durable dispatch. A wallet sees its own batches only (404 otherwise), the back office and the admin every one.
 */
@RestController
@RequestMapping(path = "/v1/payment-batches", produces = "application/json")
public class PaymentBatchController {

    private static final Set<String> ITEM_STATUSES = Set.of("QUEUED", "REFUSED", "CANCELLED", "PENDING", "AUTHORIZED",
            "SETTLED", "REJECTED", "EXPIRED", "VOIDED", "REVERSED");

    private final PaymentRequests requests;
    private final PaymentBatches batches;
    private final LedgerGateway ledger;
    private final AtomicBatchSettings atomicSettings;

    PaymentBatchController(PaymentRequests requests, PaymentBatches batches, LedgerGateway ledger,
                           AtomicBatchSettings atomicSettings) {
        this.requests = requests;
        this.batches = batches;
        this.ledger = ledger;
        this.atomicSettings = atomicSettings;
    }

    /** Body of POST /v1/payment-batches: the items, each a payment request with its own idempotencyKey. */
    record PaymentBatchRequest(Boolean atomic, List<PaymentBatchItem> items) {
    }

    record PaymentBatchItem(String idempotencyKey, String debtorAccount, String creditorAccount, String amount,
                            String currency, String remittanceInfo, CaptureMode capture, String authorizationTtl,
                            String externalReference, Map<String, Object> metadata) {

        PaymentRequest request() {
            return new PaymentRequest(debtorAccount, creditorAccount, amount, currency, remittanceInfo, capture,
                    authorizationTtl, externalReference, metadata);
        }
    }

    /**
     * A batch as shown. An atomic batch adds its outcome (PENDING, SETTLED or FAILED) and, once FAILED, the first
     * item that failed with its reason — or, when none did, why the batch failed (BATCH_WINDOW_PASSED).
     */
    public record BatchResponse(String batchId, boolean atomic, String status, int itemCount, Instant submittedAt,
                         Instant dispatchedAt, Map<String, Long> items, String outcome,
                         PaymentBatches.ItemResult firstFailure, String failureReason) {

        static BatchResponse of(PaymentBatches.Batch batch) {
            PaymentBatches.Atomic atomic = batch.outcome();
            return new BatchResponse(batch.batchId(), batch.atomic(), batch.status(), batch.itemCount(),
                    batch.submittedAt(), batch.dispatchedAt(), batch.items(), atomic == null ? null : atomic.outcome(),
                    atomic == null ? null : atomic.firstFailure(), atomic == null ? null : atomic.reason());
        }
    }

    @PostMapping(consumes = "application/json")
    ResponseEntity<BatchResponse> submit(Caller caller,
                                         @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                         @RequestBody PaymentBatchRequest body) {
        String key = InputRules.idempotencyKey(idempotencyKey);
        if (body == null || body.items() == null || body.items().isEmpty()) {
            throw InputRules.invalid("a batch needs items: 1 to " + PaymentBatches.MAX_ITEMS);
        }
        if (body.items().size() > PaymentBatches.MAX_ITEMS) {
            throw InputRules.invalid("a batch holds at most " + PaymentBatches.MAX_ITEMS + " items");
        }
        boolean atomic = Boolean.TRUE.equals(body.atomic());
        Map<String, Integer> keys = new HashMap<>();
        List<PaymentBatches.Item> items = new ArrayList<>(body.items().size());
        for (int i = 0; i < body.items().size(); i++) {
            PaymentBatchItem item = body.items().get(i);
            String where = "items[" + i + "]";
            if (item == null) {
                throw InputRules.invalid(where + " is null");
            }
            String itemKey;
            try {
                itemKey = InputRules.idempotencyKey(item.idempotencyKey());
            } catch (LedgerException e) {
                throw InputRules.invalid(where + ".idempotencyKey: " + e.getMessage());
            }
            Integer twin = keys.putIfAbsent(itemKey, i);
            if (twin != null) {
                throw InputRules.invalid(where + ".idempotencyKey repeats items[" + twin + "]'s");
            }
            if (atomic && (item.capture() == CaptureMode.MANUAL || item.authorizationTtl() != null)) {
                throw InputRules.invalid(where + ": an atomic batch settles its items itself; capture MANUAL and "
                        + "authorizationTtl are not accepted in one");
            }
            PaymentBatches.Item prepared = prepared(caller, item, itemKey);
            items.add(atomic ? heldForTheBatch(prepared) : prepared);
        }
        String batchId = Ids.batchIdFor(caller.subject(), key);
        PaymentBatches.Submitted submitted = batches.submit(batchId, atomic, items, ledger.lineage(caller));
        PaymentBatches.Batch batch = batches.find(batchId).orElseThrow();
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(submitted.replayed() ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .location(URI.create("/v1/payment-batches/" + batchId));
        if (submitted.replayed()) {
            answer.header("Idempotent-Replayed", "true");
        }
        return answer.body(BatchResponse.of(batch));
    }

    /**
     * An item of an atomic batch is sent as an authorization that lives longer than the batch's window: its funds
     * are held, and the batch's saga captures every one or voids every one (AtomicBatchSaga).
     */
    private PaymentBatches.Item heldForTheBatch(PaymentBatches.Item item) {
        InitiatePaymentCommand c = item.command();
        if (c == null) {
            return item;
        }
        InitiatePaymentCommand held = new InitiatePaymentCommand(c.paymentId(), c.debtorAccountId(),
                c.creditorAccountId(), c.amount(), c.remittanceInfo(), c.idempotencyKey(),
                RequestFingerprint.digest("atomic", c.requestFingerprint()), c.initiatedBy(), CaptureMode.MANUAL,
                Instant.now().plus(atomicSettings.hold()).truncatedTo(ChronoUnit.SECONDS), c.externalReference(),
                c.metadata());
        return PaymentBatches.Item.accepted(item.idempotencyKey(), held);
    }

    /** An item as a single request would be checked; what a single request would be refused is a refused item. */
    private PaymentBatches.Item prepared(Caller caller, PaymentBatchItem item, String key) {
        try {
            InitiatePaymentCommand command = requests.prepare(caller, item.request(), key);
            return PaymentBatches.Item.accepted(key, command);
        } catch (LedgerException refused) {
            return PaymentBatches.Item.refused(key, Ids.paymentIdFor(caller.subject(), key), refused.code(),
                    refused.getMessage());
        }
    }

    @GetMapping("/{batchId}")
    public BatchResponse get(Caller caller, @PathVariable String batchId) {
        return BatchResponse.of(visible(caller, batchId));
    }

    @GetMapping("/{batchId}/items")
    public PageResponse<PaymentBatches.ItemResult> items(Caller caller, @PathVariable String batchId,
                                                  @RequestParam(required = false) String status,
                                                  @RequestParam(required = false) String cursor,
                                                  @RequestParam(required = false) Integer limit) {
        visible(caller, batchId);
        if (status != null && !ITEM_STATUSES.contains(status)) {
            throw InputRules.invalid("status must be one of " + ITEM_STATUSES.stream().sorted().toList());
        }
        PaymentBatches.ItemPage page = batches.items(batchId, status, InputRules.text(cursor, "cursor", 512),
                InputRules.pageSize(limit));
        return new PageResponse<>(page.items(), page.nextCursor());
    }

    /** Stops sending the batch's items: those not yet sent are CANCELLED; 409 once every item was sent. */
    @PostMapping("/{batchId}/cancel")
    public BatchResponse cancel(Caller caller, @PathVariable String batchId) {
        visible(caller, batchId);
        if (!batches.cancel(batchId)) {
            throw new LedgerException(ErrorCode.BATCH_NOT_CANCELLABLE,
                    "the batch is not being dispatched: every item was already sent");
        }
        return BatchResponse.of(visible(caller, batchId));
    }

    private PaymentBatches.Batch visible(Caller caller, String batchId) {
        InputRules.batchId(batchId);
        return batches.find(batchId)
                .filter(batch -> caller.hasAny(Scope.BACKOFFICE, Scope.ADMIN) || caller.subject().equals(batch.submittedBy()))
                .orElseThrow(() -> new LedgerException(ErrorCode.BATCH_NOT_FOUND, "no such payment batch"));
    }
}
