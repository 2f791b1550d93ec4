package io.ledger.command.payment;

import io.ledger.messages.account.Direction;
import io.ledger.messages.account.PostHoldCommand;
import io.ledger.messages.account.ReleaseHoldCommand;
import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.Money;
import io.ledger.messages.common.RejectionReason;
import io.ledger.messages.payment.ApproveReviewCommand;
import io.ledger.messages.payment.CaptureMode;
import io.ledger.messages.payment.DeclineReviewCommand;
import io.ledger.messages.payment.HoldForReviewCommand;
import io.ledger.messages.payment.PaymentAuthorizedEvent;
import io.ledger.messages.payment.PaymentHeldForReviewEvent;
import io.ledger.messages.payment.PaymentInitiatedEvent;
import io.ledger.messages.payment.PaymentReceipt;
import io.ledger.messages.payment.PaymentRejectedEvent;
import io.ledger.messages.payment.PaymentReviewApprovedEvent;
import io.ledger.messages.payment.PaymentReviewDeclinedEvent;
import io.ledger.messages.payment.PaymentSettledEvent;
import io.ledger.messages.payment.PaymentStatus;
import io.ledger.messages.risk.MatchedRule;
import io.ledger.messages.risk.RiskDecision;
import io.ledger.messages.risk.RiskOutcome;
import io.ledger.messages.risk.RiskRuleKind;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.deadline.StubDeadlineManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.ledger.command.Refusals.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A payment in review (ADR 0026): it waits IN_REVIEW with a deadline; an approval lets it go on as it would have
 * (settled, or AUTHORIZED when MANUAL), a decline or the deadline rejects it RISK_DECLINED, and the holds move once.
 */
class ReviewTest {

    private static final Money AMOUNT = Money.ofMinor(15_000, "USD");
    private static final RiskDecision REVIEW = new RiskDecision(3, RiskOutcome.REVIEW, List.of(new MatchedRule("big",
            RiskRuleKind.AMOUNT_OVER, RiskOutcome.REVIEW, Map.of("amount", "150.00 USD"))));

    private AggregateTestFixture<Payment> fixture;
    private List<Object> accountCommands;
    private final List<DeadlineManager> deadlineManagers = new ArrayList<>();
    private Instant decideBy;
    private Instant expiresAt;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Payment.class);
        RecordedAccountCommands accounts = new RecordedAccountCommands();
        accountCommands = accounts.sent;
        CommandGateway gateway = accounts.gateway;
        fixture.registerInjectableResource(gateway);
        StubDeadlineManager approvals = new StubDeadlineManager(fixture.currentTime());
        deadlineManagers.add(approvals);
        fixture.registerAnnotatedCommandHandler(new ReviewHandler(fixture.getRepository(), gateway, () -> approvals));
        decideBy = fixture.currentTime().plus(Duration.ofHours(4));
        expiresAt = fixture.currentTime().plus(Duration.ofDays(7));
    }

    private PaymentInitiatedEvent initiated(CaptureMode mode) {
        return new PaymentInitiatedEvent("p1", "alice-usd", "shop-usd", AMOUNT, null, "k", "fp", "alice", null, mode,
                mode == CaptureMode.MANUAL ? expiresAt : null, null, null, 3);
    }

    private PaymentHeldForReviewEvent held() {
        return new PaymentHeldForReviewEvent("p1", "alice-usd", "shop-usd", AMOUNT, REVIEW, decideBy);
    }

    @Test
    void aPaymentSentToReviewWaitsWithItsDeadline() {
        fixture.given(initiated(CaptureMode.AUTOMATIC))
                .when(new HoldForReviewCommand("p1", REVIEW, decideBy))
                .expectEvents(held())
                .expectScheduledDeadlineWithName(decideBy, Payment.REVIEW_DEADLINE);
    }

    @Test
    void anApprovalSettlesAndPostsBothHoldsRecordingTheAnalyst() {
        fixture.given(initiated(CaptureMode.AUTOMATIC), held())
                .when(new ApproveReviewCommand("p1", "analyst-1"))
                .expectEvents(new PaymentReviewApprovedEvent("p1", "analyst-1"),
                        new PaymentSettledEvent("p1", "alice-usd", "shop-usd", AMOUNT, null))
                .expectResultMessagePayload(new PaymentReceipt("p1", PaymentStatus.SETTLED, false));
        assertEquals(List.of(new PostHoldCommand("alice-usd", "p1", Direction.DEBIT, AMOUNT),
                new PostHoldCommand("shop-usd", "p1", Direction.CREDIT, AMOUNT)), accountCommands);
    }

    @Test
    void anApprovedAuthorizationWaitsAuthorizedWithItsExpiryAndKeepsItsHolds() {
        fixture.given(initiated(CaptureMode.MANUAL), held())
                .when(new ApproveReviewCommand("p1", "analyst-1"))
                .expectEvents(new PaymentReviewApprovedEvent("p1", "analyst-1"),
                        new PaymentAuthorizedEvent("p1", "alice-usd", "shop-usd", AMOUNT, expiresAt))
                .expectResultMessagePayload(new PaymentReceipt("p1", PaymentStatus.AUTHORIZED, false));
        assertTrue(accountCommands.isEmpty());
        assertEquals(1, ((StubDeadlineManager) deadlineManagers.get(0)).getScheduledDeadlines().size(),
                "the authorization's expiry was scheduled");
    }

    @Test
    void aDeclineRejectsAndReleasesBothHolds() {
        fixture.given(initiated(CaptureMode.AUTOMATIC), held())
                .when(new DeclineReviewCommand("p1", "analyst-2"))
                .expectEvents(new PaymentReviewDeclinedEvent("p1", "analyst-2"),
                        new PaymentRejectedEvent("p1", RejectionReason.RISK_DECLINED, null))
                .expectResultMessagePayload(new PaymentReceipt("p1", PaymentStatus.REJECTED, false));
        assertEquals(List.of(new ReleaseHoldCommand("alice-usd", "p1", Direction.DEBIT),
                new ReleaseHoldCommand("shop-usd", "p1", Direction.CREDIT)), accountCommands);
    }

    @Test
    void nobodyDecidingByTheDeadlineDeclines() {
        fixture.given(initiated(CaptureMode.AUTOMATIC))
                .andGivenCommands(new HoldForReviewCommand("p1", REVIEW, decideBy))
                .whenThenTimeAdvancesTo(decideBy)
                .expectDeadlinesMet(new ReviewDeadline("p1"))
                .expectEvents(new PaymentReviewDeclinedEvent("p1", null),
                        new PaymentRejectedEvent("p1", RejectionReason.RISK_DECLINED, null));
        assertEquals(List.of(new ReleaseHoldCommand("alice-usd", "p1", Direction.DEBIT),
                new ReleaseHoldCommand("shop-usd", "p1", Direction.CREDIT)), accountCommands);
    }

    @Test
    void theDeadlineAfterADecisionDoesNothing() {
        fixture.given(initiated(CaptureMode.AUTOMATIC))
                .andGivenCommands(new HoldForReviewCommand("p1", REVIEW, decideBy),
                        new ApproveReviewCommand("p1", "analyst-1"))
                .whenThenTimeAdvancesTo(decideBy)
                .expectDeadlinesMet(new ReviewDeadline("p1"))
                .expectNoEvents();
    }

    @Test
    void aSecondDecisionIsRefusedAndMovesNothing() {
        fixture.given(initiated(CaptureMode.AUTOMATIC), held(), new PaymentReviewApprovedEvent("p1", "analyst-1"),
                        new PaymentSettledEvent("p1", "alice-usd", "shop-usd", AMOUNT, null))
                .when(new DeclineReviewCommand("p1", "analyst-2"))
                .expectException(refused(ErrorCode.PAYMENT_NOT_IN_REVIEW))
                .expectNoEvents();
        fixture.given(initiated(CaptureMode.AUTOMATIC))
                .when(new ApproveReviewCommand("p1", "analyst-1"))
                .expectException(refused(ErrorCode.PAYMENT_NOT_IN_REVIEW));
        assertTrue(accountCommands.isEmpty());
    }
}
