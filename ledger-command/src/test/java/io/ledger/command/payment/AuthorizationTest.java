package io.ledger.command.payment;

import io.ledger.messages.account.Direction;
import io.ledger.messages.account.PostHoldCommand;
import io.ledger.messages.account.ReleaseHoldCommand;
import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;
import io.ledger.messages.common.Money;
import io.ledger.messages.payment.AuthorizePaymentCommand;
import io.ledger.messages.payment.CaptureMode;
import io.ledger.messages.payment.CapturePaymentCommand;
import io.ledger.messages.payment.InitiatePaymentCommand;
import io.ledger.messages.payment.PaymentAuthorizedEvent;
import io.ledger.messages.payment.PaymentCapturedEvent;
import io.ledger.messages.payment.PaymentExpiredEvent;
import io.ledger.messages.payment.PaymentInitiatedEvent;
import io.ledger.messages.payment.PaymentReceipt;
import io.ledger.messages.payment.PaymentSettledEvent;
import io.ledger.messages.payment.PaymentStatus;
import io.ledger.messages.payment.PaymentVoidedEvent;
import io.ledger.messages.payment.VoidPaymentCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.ledger.command.Refusals.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A MANUAL payment's rules: authorized with a durable expiry, then exactly one of a capture (all or part),
 * a void or the expiry; whichever ends it moves the holds once, and nothing after it moves them again.
 * The account commands the ending sends are recorded, not run: the accounts' side is AccountTest's.
 */
class AuthorizationTest {

    private static final Money AMOUNT = Money.ofMinor(15_000, "USD");
    private static final Duration TTL = Duration.ofDays(7);

    private AggregateTestFixture<Payment> fixture;
    private List<Object> accountCommands;
    private Instant expiresAt;
    private PaymentInitiatedEvent initiated;
    private PaymentAuthorizedEvent authorized;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Payment.class);
        RecordedAccountCommands accounts = new RecordedAccountCommands();
        accountCommands = accounts.sent;
        CommandGateway gateway = accounts.gateway;
        fixture.registerInjectableResource(gateway);
        fixture.registerAnnotatedCommandHandler(new AuthorizationHandler(fixture.getRepository(), gateway));
        expiresAt = fixture.currentTime().plus(TTL);
        initiated = new PaymentInitiatedEvent("p1", "alice-usd", "shop-usd", AMOUNT, null, "k", "fp", "alice", null,
                CaptureMode.MANUAL, expiresAt);
        authorized = new PaymentAuthorizedEvent("p1", "alice-usd", "shop-usd", AMOUNT, expiresAt);
    }

    private static Money usd(long cents) {
        return Money.ofMinor(cents, "USD");
    }

    @Test
    void aManualPaymentCarriesItsExpiryAndIsAuthorizedWithADeadline() {
        fixture.givenNoPriorActivity()
                .when(new InitiatePaymentCommand("p1", "alice-usd", "shop-usd", AMOUNT, null, "k", "fp", "alice",
                        CaptureMode.MANUAL, expiresAt))
                .expectEvents(initiated);
        fixture.given(initiated)
                .when(new AuthorizePaymentCommand("p1"))
                .expectEvents(authorized)
                .expectScheduledDeadlineWithName(expiresAt, Payment.AUTHORIZATION_EXPIRY);
    }

    @Test
    void aManualPaymentWithoutAnExpiryIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new InitiatePaymentCommand("p1", "alice-usd", "shop-usd", AMOUNT, null, "k", "fp", "alice",
                        CaptureMode.MANUAL, null))
                .expectException(LedgerException.class)
                .expectNoEvents();
    }

    @Test
    void aPartialCapturePostsWhatWasCapturedAndReleasesTheRest() {
        fixture.given(initiated, authorized)
                .when(new CapturePaymentCommand("p1", usd(10_000), "shop", "c1"))
                .expectEvents(new PaymentCapturedEvent("p1", "alice-usd", "shop-usd", usd(10_000), usd(5_000), "shop", "c1"),
                        new PaymentSettledEvent("p1", "alice-usd", "shop-usd", usd(10_000), null))
                .expectResultMessagePayload(new PaymentReceipt("p1", PaymentStatus.SETTLED, false));
        assertEquals(List.of(new PostHoldCommand("alice-usd", "p1", Direction.DEBIT, usd(10_000)),
                new PostHoldCommand("shop-usd", "p1", Direction.CREDIT, usd(10_000))), accountCommands);
    }

    @Test
    void aCaptureWithoutAnAmountCapturesAll() {
        fixture.given(initiated, authorized)
                .when(new CapturePaymentCommand("p1", null, "shop", "c1"))
                .expectEvents(new PaymentCapturedEvent("p1", "alice-usd", "shop-usd", AMOUNT, usd(0), "shop", "c1"),
                        new PaymentSettledEvent("p1", "alice-usd", "shop-usd", AMOUNT, null));
    }

    @Test
    void captureOfMoreThanAuthorizedIsRefusedAndMovesNothing() {
        fixture.given(initiated, authorized)
                .when(new CapturePaymentCommand("p1", usd(15_001), "shop", "c1"))
                .expectException(refused(ErrorCode.CAPTURE_EXCEEDS_AUTHORIZATION))
                .expectNoEvents();
        fixture.given(initiated, authorized)
                .when(new CapturePaymentCommand("p1", Money.ofMinor(100, "EUR"), "shop", "c1"))
                .expectException(refused(ErrorCode.CAPTURE_EXCEEDS_AUTHORIZATION));
        assertTrue(accountCommands.isEmpty());
    }

    @Test
    void aSecondCaptureIsRefusedAndTheSameCaptureAgainAnswersTheFirst() {
        PaymentCapturedEvent captured = new PaymentCapturedEvent("p1", "alice-usd", "shop-usd", AMOUNT, usd(0), "shop", "c1");
        PaymentSettledEvent settled = new PaymentSettledEvent("p1", "alice-usd", "shop-usd", AMOUNT, null);
        fixture.given(initiated, authorized, captured, settled)
                .when(new CapturePaymentCommand("p1", null, "shop", "c2"))
                .expectException(refused(ErrorCode.PAYMENT_NOT_AUTHORIZED))
                .expectNoEvents();
        fixture.given(initiated, authorized, captured, settled)
                .when(new CapturePaymentCommand("p1", null, "shop", "c1"))
                .expectNoEvents()
                .expectResultMessagePayload(new PaymentReceipt("p1", PaymentStatus.SETTLED, true));
        assertTrue(accountCommands.isEmpty(), "nothing posted twice");
    }

    @Test
    void aVoidReleasesBothHoldsOnceAndEndsTheAuthorization() {
        PaymentVoidedEvent voided = new PaymentVoidedEvent("p1", "alice-usd", "shop-usd", AMOUNT, "clerk", "v1");
        fixture.given(initiated, authorized)
                .when(new VoidPaymentCommand("p1", "clerk", "v1"))
                .expectEvents(voided)
                .expectResultMessagePayload(new PaymentReceipt("p1", PaymentStatus.VOIDED, false));
        assertEquals(List.of(new ReleaseHoldCommand("alice-usd", "p1", Direction.DEBIT),
                new ReleaseHoldCommand("shop-usd", "p1", Direction.CREDIT)), accountCommands);
        accountCommands.clear();
        fixture.given(initiated, authorized, voided)
                .when(new VoidPaymentCommand("p1", "clerk", "v1"))
                .expectNoEvents()
                .expectResultMessagePayload(new PaymentReceipt("p1", PaymentStatus.VOIDED, true));
        fixture.given(initiated, authorized, voided)
                .when(new CapturePaymentCommand("p1", null, "shop", "c1"))
                .expectException(refused(ErrorCode.PAYMENT_NOT_AUTHORIZED));
        assertTrue(accountCommands.isEmpty());
    }

    @Test
    void aVoidAfterACaptureIsRefused() {
        fixture.given(initiated, authorized,
                        new PaymentCapturedEvent("p1", "alice-usd", "shop-usd", AMOUNT, usd(0), "shop", "c1"),
                        new PaymentSettledEvent("p1", "alice-usd", "shop-usd", AMOUNT, null))
                .when(new VoidPaymentCommand("p1", "clerk", "v1"))
                .expectException(refused(ErrorCode.PAYMENT_NOT_AUTHORIZED))
                .expectNoEvents();
    }

    @Test
    void anUncapturedAuthorizationExpiresAtItsDeadlineAndReleasesBothHoldsOnce() {
        fixture.given(initiated)
                .andGivenCommands(new AuthorizePaymentCommand("p1"))
                .whenTimeElapses(TTL)
                .expectTriggeredDeadlinesWithName(Payment.AUTHORIZATION_EXPIRY)
                .expectEvents(new PaymentExpiredEvent("p1", null));
        assertEquals(List.of(new ReleaseHoldCommand("alice-usd", "p1", Direction.DEBIT),
                new ReleaseHoldCommand("shop-usd", "p1", Direction.CREDIT)), accountCommands);
    }

    @Test
    void theDeadlineOfACapturedAuthorizationDoesNothing() {
        fixture.given(initiated)
                .andGivenCommands(new AuthorizePaymentCommand("p1"), new CapturePaymentCommand("p1", null, "shop", "c1"))
                .whenTimeElapses(TTL)
                .expectTriggeredDeadlinesWithName(Payment.AUTHORIZATION_EXPIRY)
                .expectNoEvents();
        assertEquals(2, accountCommands.size(), "the capture's two postings, and no release after them");
    }

    @Test
    void aCaptureAfterTheExpiryIsRefused() {
        fixture.given(initiated, authorized, new PaymentExpiredEvent("p1", null))
                .when(new CapturePaymentCommand("p1", null, "shop", "c1"))
                .expectException(refused(ErrorCode.PAYMENT_NOT_AUTHORIZED))
                .expectNoEvents();
    }
}
