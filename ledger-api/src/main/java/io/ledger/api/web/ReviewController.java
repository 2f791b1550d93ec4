package io.ledger.api.web;

import io.ledger.api.security.Caller;
import io.ledger.messages.payment.ApproveReviewCommand;
import io.ledger.messages.payment.DeclineReviewCommand;
import io.ledger.messages.payment.ListReviewsQuery;
import io.ledger.messages.payment.PaymentPage;
import io.ledger.messages.payout.ApprovePayoutReviewCommand;
import io.ledger.messages.payout.DeclinePayoutReviewCommand;
import io.ledger.messages.payout.PayoutStatus;
import io.ledger.messages.payout.PayoutView;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * The review queue (issue 21, ADR 0026): the payments a risk rule held, for the back office only. An approval lets
 * the payment go on as it would have (settled, or AUTHORIZED when MANUAL); a decline rejects it RISK_DECLINED and
 * releases its holds. The analyst is recorded in the decision's event. Answered as a capture or void is: 200 with the
 * payment once the read model shows the decision, 202 without a body until then.
 */
@RestController
@RequestMapping(path = "/v1/reviews", produces = "application/json")
public class ReviewController {

    /** How long a decision's answer waits for the read model to show it. */
    private static final Duration DECIDED_WITHIN = Duration.ofSeconds(5);

    private final LedgerGateway ledger;

    ReviewController(LedgerGateway ledger) {
        this.ledger = ledger;
    }

    /** The payments waiting IN_REVIEW, oldest first, each with the rules that held it and its deadline. */
    @GetMapping
    public PageResponse<PaymentResponse> queue(@RequestParam(required = false) String cursor,
                                        @RequestParam(required = false) Integer limit) {
        PaymentPage page = ledger.query(new ListReviewsQuery(InputRules.text(cursor, "cursor", 512),
                InputRules.pageSize(limit)), PaymentPage.class);
        return new PageResponse<>(page.items().stream().map(PaymentResponse::of).toList(), page.nextCursor());
    }

    /**
     * A payout in review (ADR 0033; the back office lists them with {@code GET /v1/payouts?status=IN_REVIEW}): approved,
     * it is instructed as it would have been. 200 with the payout once the read model shows the decision, 202 until.
     */
    @PostMapping("/payouts/{payoutId}/approve")
    public ResponseEntity<PayoutResponse> approvePayout(Caller caller, @PathVariable String payoutId) {
        inReview(payoutId);
        ledger.send(new ApprovePayoutReviewCommand(payoutId, caller.subject()), caller);
        return decided(payoutId, view -> view.status() != PayoutStatus.IN_REVIEW && view.status() != PayoutStatus.PENDING);
    }

    /** A payout in review declined: REJECTED, RISK_DECLINED, both holds released. */
    @PostMapping("/payouts/{payoutId}/decline")
    public ResponseEntity<PayoutResponse> declinePayout(Caller caller, @PathVariable String payoutId) {
        inReview(payoutId);
        ledger.send(new DeclinePayoutReviewCommand(payoutId, caller.subject()), caller);
        return decided(payoutId, view -> view.status() == PayoutStatus.REJECTED);
    }

    /** A payout that does not exist (or is not yet readable) is not found; the aggregate refuses one not in review. */
    private void inReview(String payoutId) {
        InputRules.payoutId(payoutId);
        ledger.payout(payoutId).orElseThrow(PayoutController::notFound);
    }

    private ResponseEntity<PayoutResponse> decided(String payoutId, Predicate<PayoutView> decided) {
        PayoutView view = ledger.awaitPayout(payoutId, DECIDED_WITHIN, decided).filter(decided).orElse(null);
        return ResponseEntity.status(view == null ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .location(URI.create("/v1/payouts/" + payoutId))
                .body(view == null ? null : PayoutResponse.of(view, false));
    }

    @PostMapping("/{paymentId}/approve")
    public ResponseEntity<PaymentResponse> approve(Caller caller, @PathVariable String paymentId) {
        InputRules.paymentId(paymentId);
        return PaymentController.ended(ledger, paymentId,
                ledger.send(new ApproveReviewCommand(paymentId, caller.subject()), caller), Duration.ZERO);
    }

    @PostMapping("/{paymentId}/decline")
    public ResponseEntity<PaymentResponse> decline(Caller caller, @PathVariable String paymentId) {
        InputRules.paymentId(paymentId);
        return PaymentController.ended(ledger, paymentId,
                ledger.send(new DeclineReviewCommand(paymentId, caller.subject()), caller), Duration.ZERO);
    }
}
