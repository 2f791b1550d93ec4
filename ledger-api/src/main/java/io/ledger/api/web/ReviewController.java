package io.ledger.api.web;

import io.ledger.api.security.Caller;
import io.ledger.messages.payment.ApproveReviewCommand;
import io.ledger.messages.payment.DeclineReviewCommand;
import io.ledger.messages.payment.ListReviewsQuery;
import io.ledger.messages.payment.PaymentPage;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;

/**
 * The review queue (issue 21, ADR 0026): the payments a risk rule held, for the back office only. An approval lets
 * the payment go on as it would have (settled, or AUTHORIZED when MANUAL); a decline rejects it RISK_DECLINED and
 * releases its holds. The analyst is recorded in the decision's event. Answered as a capture or void is: 200 with the
 * payment once the read model shows the decision, 202 without a body until then.
 */
@RestController
@RequestMapping(path = "/v1/reviews", produces = "application/json")
public class ReviewController {

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
