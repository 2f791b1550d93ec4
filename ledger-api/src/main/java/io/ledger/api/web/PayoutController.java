package io.ledger.api.web;

import io.ledger.api.security.Caller;
import io.ledger.api.security.Scope;
import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;
import io.ledger.messages.payout.BankResult;
import io.ledger.messages.payout.InitiatePayoutCommand;
import io.ledger.messages.payout.ListPayoutsQuery;
import io.ledger.messages.payout.PayoutPage;
import io.ledger.messages.payout.PayoutReceipt;
import io.ledger.messages.payout.PayoutStatus;
import io.ledger.messages.payout.PayoutView;
import io.ledger.messages.payout.ReportBankResultCommand;
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
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Payouts to beneficiaries outside the ledger (ADR 0017). A wallet pays out from its own account; the bank
 * lane's machine client (scope bank) lists the instructions and reports the bank's answers; the back office
 * and the admin read them. Nobody else sees a payout: it answers 404 as if it did not exist.
 */
@RestController
@RequestMapping(path = "/v1/payouts", produces = "application/json")
public class PayoutController {

    /** ISO 20022 external status reason codes are four characters: AC04, AM04, MS03, ... */
    private static final Pattern REASON_CODE = Pattern.compile("[A-Z0-9]{4}");
    private static final Pattern BANK_REFERENCE = Pattern.compile("[A-Za-z0-9./:_-]{1,64}");
    /** How long a bank result waits for the read model to show it booked when the request does not say. */
    private static final Duration BOOKING_READ_WAIT = Duration.ofSeconds(5);

    private final LedgerGateway ledger;
    private final PayoutRequests requests;

    PayoutController(LedgerGateway ledger, PayoutRequests requests) {
        this.ledger = ledger;
        this.requests = requests;
    }

    @PostMapping(consumes = "application/json")
    ResponseEntity<PayoutResponse> payOut(Caller caller,
                                          @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                          @RequestHeader(name = "Prefer", required = false) String prefer,
                                          @RequestBody PayoutRequest body) {
        String key = InputRules.idempotencyKey(idempotencyKey);
        InitiatePayoutCommand command = requests.prepare(caller, body, key);
        String payoutId = command.payoutId();
        PayoutReceipt receipt = ledger.initiatePayout(command, caller);
        Duration wait = PaymentController.preferredWait(prefer);
        PayoutView view = ledger.awaitPayout(payoutId, wait.isZero() ? BOOKING_READ_WAIT : wait,
                v -> wait.isZero() || v.status().isResting()).orElse(null);
        HttpStatus status = view != null && !wait.isZero() && view.status().isResting()
                ? HttpStatus.CREATED : HttpStatus.ACCEPTED;
        return answer(ResponseEntity.status(status), payoutId, wait, receipt.replayed(), view);
    }

    @GetMapping("/{payoutId}")
    public PayoutResponse get(Caller caller, @PathVariable String payoutId) {
        PayoutView view = visiblePayout(caller, payoutId);
        return PayoutResponse.of(view, inClear(caller, view));
    }

    /**
     * Payouts oldest first. The bank lane lists {@code ?status=INSTRUCTED} (and OVERDUE) to find the instructions
     * it has to carry to the bank; a wallet sees its own payouts only.
     */
    @GetMapping
    public PageResponse<PayoutResponse> list(Caller caller,
                                      @RequestParam(required = false) PayoutStatus status,
                                      @RequestParam(required = false) String cursor,
                                      @RequestParam(required = false) Integer limit) {
        String owner = caller.hasAny(Scope.BANK, Scope.BACKOFFICE, Scope.ADMIN) ? null : caller.subject();
        PayoutPage page = ledger.query(new ListPayoutsQuery(status, owner, InputRules.text(cursor, "cursor", 512),
                InputRules.pageSize(limit)), PayoutPage.class);
        return new PageResponse<>(page.items().stream().map(view -> PayoutResponse.of(view, inClear(caller, view)))
                .toList(), page.nextCursor());
    }

    /**
     * The bank's answer. Idempotent by content: the same answer again is answered as a replay (200,
     * Idempotent-Replayed); a different answer to an instruction already answered is 409 BANK_RESULT_CONFLICT.
     * 200 with the payout once the answer is booked; 202 while the booking is not readable yet.
     */
    @PostMapping(path = "/{payoutId}/bank-result", consumes = "application/json")
    ResponseEntity<PayoutResponse> bankResult(Caller caller, @PathVariable String payoutId,
                                              @RequestHeader(name = "Prefer", required = false) String prefer,
                                              @RequestBody BankResultRequest body) {
        InputRules.payoutId(payoutId);
        if (body == null || body.result() == null) {
            throw InputRules.invalid("result is required: ACCEPTED, REJECTED or RETURNED");
        }
        String reference = body.bankReference() == null ? null : matching(body.bankReference(), BANK_REFERENCE,
                "bankReference must match " + BANK_REFERENCE.pattern());
        String reason = body.reasonCode() == null ? null : matching(body.reasonCode(), REASON_CODE,
                "reasonCode must be an ISO 20022 reason code: four capitals or digits, such as AC04");
        if (body.result() == BankResult.ACCEPTED && (reference == null || reason != null)) {
            throw InputRules.invalid("ACCEPTED takes the bank's bankReference and no reasonCode");
        }
        if (body.result() != BankResult.ACCEPTED && reason == null) {
            throw InputRules.invalid(body.result() + " needs the ISO 20022 reasonCode the bank gave");
        }
        ledger.payout(payoutId).orElseThrow(PayoutController::notFound);
        PayoutReceipt receipt = ledger.send(new ReportBankResultCommand(payoutId, body.result(), reference, reason,
                caller.subject()), caller);
        Duration wait = PaymentController.preferredWait(prefer);
        PayoutView view = ledger.awaitPayout(payoutId, wait.compareTo(BOOKING_READ_WAIT) < 0 ? BOOKING_READ_WAIT : wait,
                booked(body.result())).orElse(null);
        boolean done = view != null && booked(body.result()).test(view);
        return answer(ResponseEntity.status(done ? HttpStatus.OK : HttpStatus.ACCEPTED), payoutId, wait,
                receipt.replayed(), done ? view : null);
    }

    /** The read model shows the answer booked (a return refused by the debtor's account is booked as refused). */
    private static Predicate<PayoutView> booked(BankResult result) {
        return switch (result) {
            case ACCEPTED -> v -> v.status() == PayoutStatus.SETTLED || v.status() == PayoutStatus.RETURNED;
            case REJECTED -> v -> v.status() == PayoutStatus.REJECTED;
            case RETURNED -> v -> v.status() == PayoutStatus.RETURNED
                    || (v.status() == PayoutStatus.SETTLED && v.rejectionReason() != null);
        };
    }

    /**
     * Who sees the beneficiary in clear: the bank lane, which carries it to the bank, and the debtor's owner, who
     * gave it. The back office and the admin see it masked (issue 19: masking by role).
     */
    private static boolean inClear(Caller caller, PayoutView view) {
        return caller.has(Scope.BANK) || (caller.has(Scope.WALLET) && caller.subject().equals(view.debtorOwnerId()));
    }

    private PayoutView visiblePayout(Caller caller, String payoutId) {
        InputRules.payoutId(payoutId);
        return ledger.payout(payoutId)
                .filter(v -> caller.hasAny(Scope.BANK, Scope.BACKOFFICE, Scope.ADMIN)
                        || caller.subject().equals(v.debtorOwnerId()))
                .orElseThrow(PayoutController::notFound);
    }

    private static String matching(String value, Pattern pattern, String otherwise) {
        if (!pattern.matcher(value).matches()) {
            throw InputRules.invalid(otherwise);
        }
        return value;
    }

    private static ResponseEntity<PayoutResponse> answer(ResponseEntity.BodyBuilder response, String payoutId,
                                                         Duration wait, boolean replayed, PayoutView view) {
        response.location(URI.create("/v1/payouts/" + payoutId));
        if (!wait.isZero()) {
            response.header("Preference-Applied", "wait=" + wait.toSeconds());
        }
        if (replayed) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.body(view == null ? null : PayoutResponse.of(view, true));
    }

    static LedgerException notFound() {
        return new LedgerException(ErrorCode.PAYOUT_NOT_FOUND, "no such payout");
    }
}
