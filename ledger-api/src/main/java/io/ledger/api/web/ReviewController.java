package io.ledger.api.web;

import io.ledger.api.security.Caller;
import io.ledger.messages.payment.ApproveReviewCommand;
import io.ledger.messages.payment.DeclineReviewCommand;
import io.ledger.messages.payment.ListReviewsQuery;
import io.ledger.messages.payment.PaymentPage;
import io.ledger.messages.payment.PaymentReceipt;
import io.ledger.messages.payment.PaymentView;
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

/**
 * The review queue (issue 21, ADR 0026): the payments a risk rule held, for the back office only. An approval lets
 * the payment go on as it would have (settled, or AUTHORIZED when MANUAL); a decline rejects it RISK_DECLINED and
 * releases its holds. The analyst is recorded in the decision's event.
 */
@RestController
@RequestMapping(path = "/v1/reviews", produces = "application/json")
class ReviewController {

    /** How long a decision waits for the read model to show it before answering 202. */
    private static final Duration READ_WAIT = Duration.ofSeconds(5);

    private final LedgerGateway ledger;

    ReviewController(LedgerGateway ledger) {
        this.ledger = ledger;
    }

    /** The payments waiting IN_REVIEW, oldest first, each with the rules that held it and its deadline. */
    @GetMapping
    PageResponse<PaymentResponse> queue(@RequestParam(required = false) String cursor,
                                        @RequestParam(required = false) Integer limit) {
        PaymentPage page = ledger.query(new ListReviewsQuery(InputRules.text(cursor, "cursor", 512),
                InputRules.pageSize(limit)), PaymentPage.class);
        return new PageResponse<>(page.items().stream().map(PaymentResponse::of).toList(), page.nextCursor());
    }

    @PostMapping("/{paymentId}/approve")
    ResponseEntity<PaymentResponse> approve(Caller caller, @PathVariable String paymentId) {
        InputRules.paymentId(paymentId);
        return decided(paymentId, ledger.send(new ApproveReviewCommand(paymentId, caller.subject()), caller));
    }

    @PostMapping("/{paymentId}/decline")
    ResponseEntity<PaymentResponse> decline(Caller caller, @PathVariable String paymentId) {
        InputRules.paymentId(paymentId);
        return decided(paymentId, ledger.send(new DeclineReviewCommand(paymentId, caller.subject()), caller));
    }

    /** 200 with the payment once the read model shows the decision; 202 without a body until then. */
    private ResponseEntity<PaymentResponse> decided(String paymentId, PaymentReceipt receipt) {
        PaymentView view = ledger.awaitPayment(paymentId, READ_WAIT, v -> v.status() == receipt.status()).orElse(null);
        return ResponseEntity.status(view == null ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .location(URI.create("/v1/payments/" + paymentId))
                .body(view == null ? null : PaymentResponse.of(view));
    }
}
