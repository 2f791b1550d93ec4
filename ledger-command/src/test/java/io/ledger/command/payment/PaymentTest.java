package io.ledger.command.payment;

import io.ledger.messages.common.LedgerException;
import io.ledger.messages.common.Money;
import io.ledger.messages.common.RejectionReason;
import io.ledger.messages.payment.CompleteReversalCommand;
import io.ledger.messages.payment.ExpirePaymentCommand;
import io.ledger.messages.payment.FailReversalCommand;
import io.ledger.messages.payment.InitiatePaymentCommand;
import io.ledger.messages.payment.PaymentExpiredEvent;
import io.ledger.messages.payment.PaymentInitiatedEvent;
import io.ledger.messages.payment.PaymentReceipt;
import io.ledger.messages.payment.PaymentRejectedEvent;
import io.ledger.messages.payment.PaymentReversalFailedEvent;
import io.ledger.messages.payment.PaymentReversalRequestedEvent;
import io.ledger.messages.payment.PaymentReversedEvent;
import io.ledger.messages.payment.PaymentSettledEvent;
import io.ledger.messages.payment.PaymentStatus;
import io.ledger.messages.payment.RecallPaymentCommand;
import io.ledger.messages.payment.RejectPaymentCommand;
import io.ledger.messages.payment.ReversePaymentCommand;
import io.ledger.messages.payment.SettlePaymentCommand;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.containsString;

class PaymentTest {

    private static final Money AMOUNT = Money.ofMinor(15_000, "USD");
    private static final InitiatePaymentCommand INITIATE = new InitiatePaymentCommand("p1", "alice-usd", "bob-usd",
            AMOUNT, "dinner", "key-1", "fp-1", "alice");
    private static final PaymentInitiatedEvent INITIATED = new PaymentInitiatedEvent("p1", "alice-usd", "bob-usd",
            AMOUNT, "dinner", "key-1", "fp-1", "alice", null);
    private static final PaymentSettledEvent SETTLED = new PaymentSettledEvent("p1", "alice-usd", "bob-usd", AMOUNT, null);

    private AggregateTestFixture<Payment> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Payment.class);
        fixture.registerAnnotatedCommandHandler(new PaymentReversalHandler(fixture.getRepository()));
    }

    @Test
    void initiatesAPendingPayment() {
        fixture.givenNoPriorActivity()
                .when(INITIATE)
                .expectEvents(INITIATED)
                .expectResultMessagePayload(new PaymentReceipt("p1", PaymentStatus.PENDING, false));
    }

    @Test
    void aReplayedInitiationCollidesWithTheStoredPayment() {
        // Creation does not look for the payment first: the store refuses the replay's first event. The
        // fixture's store says so in its own words; PostgreSQL's unique key makes it an
        // AggregateStreamCreationException, which the API answers with a recall (PaymentFlowIT).
        fixture.given(INITIATED)
                .when(INITIATE)
                .expectException(EventStoreException.class)
                .expectExceptionMessage(containsString("Unexpected sequence number"));
    }

    @Test
    void replayWithSameFingerprintAnswersTheExistingPayment() {
        fixture.given(INITIATED, SETTLED)
                .when(new RecallPaymentCommand("p1", "fp-1"))
                .expectNoEvents()
                .expectResultMessagePayload(new PaymentReceipt("p1", PaymentStatus.SETTLED, true));
    }

    @Test
    void sameKeyWithAnotherBodyIsRefused() {
        fixture.given(INITIATED)
                .when(new RecallPaymentCommand("p1", "fp-other"))
                .expectException(LedgerException.class)
                .expectExceptionMessage("this Idempotency-Key was already used for a different payment request")
                .expectNoEvents();
    }

    @Test
    void aReversalIsNotAnswerForAPaymentRequest() {
        fixture.given(new PaymentInitiatedEvent("p1", "bob-usd", "alice-usd", AMOUNT, null, null, null, "clerk", "p0"))
                .when(new RecallPaymentCommand("p1", "fp-1"))
                .expectException(LedgerException.class)
                .expectNoEvents();
    }

    @Test
    void debtorAndCreditorMustDiffer() {
        fixture.givenNoPriorActivity()
                .when(new InitiatePaymentCommand("p1", "alice-usd", "alice-usd", AMOUNT, null, "k", "fp", "alice"))
                .expectException(LedgerException.class)
                .expectNoEvents();
    }

    @Test
    void amountMustBePositive() {
        fixture.givenNoPriorActivity()
                .when(new InitiatePaymentCommand("p1", "alice-usd", "bob-usd", Money.zero("USD"), null, "k", "fp", "alice"))
                .expectException(LedgerException.class)
                .expectNoEvents();
    }

    @Test
    void settlesRejectsOrExpiresOnlyOnce() {
        fixture.given(INITIATED).when(new SettlePaymentCommand("p1")).expectEvents(SETTLED);
        fixture.given(INITIATED).when(new RejectPaymentCommand("p1", RejectionReason.INSUFFICIENT_FUNDS))
                .expectEvents(new PaymentRejectedEvent("p1", RejectionReason.INSUFFICIENT_FUNDS, null));
        fixture.given(INITIATED).when(new ExpirePaymentCommand("p1")).expectEvents(new PaymentExpiredEvent("p1", null));
        fixture.given(INITIATED, SETTLED).when(new ExpirePaymentCommand("p1"))
                .expectException(LedgerException.class).expectNoEvents();
        fixture.given(INITIATED, new PaymentExpiredEvent("p1", null)).when(new SettlePaymentCommand("p1"))
                .expectException(LedgerException.class).expectNoEvents();
    }

    @Test
    void onlySettledPaymentsCanBeReversed() {
        fixture.given(INITIATED).when(new ReversePaymentCommand("p1", "r1", "clerk", null))
                .expectExceptionMessage("only a SETTLED payment can be reversed; payment p1 is PENDING")
                .expectNoEvents();
    }

    @Test
    void oneReversalAtATime() {
        fixture.given(INITIATED, SETTLED, new PaymentReversalRequestedEvent("p1", "r1", "clerk"))
                .when(new ReversePaymentCommand("p1", "r2", "clerk", null))
                .expectException(LedgerException.class)
                .expectNoEvents();
    }

    @Test
    void reversedPaymentCannotBeReversedAgain() {
        fixture.given(INITIATED, SETTLED, new PaymentReversalRequestedEvent("p1", "r1", "clerk"),
                        new PaymentReversedEvent("p1", "r1"))
                .when(new ReversePaymentCommand("p1", "r2", "clerk", null))
                .expectExceptionMessage("payment p1 is already reversed")
                .expectNoEvents();
    }

    @Test
    void aReversalCannotItselfBeReversed() {
        fixture.given(new PaymentInitiatedEvent("p1", "bob-usd", "alice-usd", AMOUNT, null, null, null, "clerk", "p0"),
                        SETTLED)
                .when(new ReversePaymentCommand("p1", "r1", "clerk", null))
                .expectException(LedgerException.class)
                .expectNoEvents();
    }

    @Test
    void settledReversalCompletesTheOriginal() {
        fixture.given(INITIATED, SETTLED, new PaymentReversalRequestedEvent("p1", "r1", "clerk"))
                .when(new CompleteReversalCommand("p1", "r1"))
                .expectEvents(new PaymentReversedEvent("p1", "r1"));
    }

    @Test
    void failedReversalClearsTheReversalInProgress() {
        fixture.given(INITIATED, SETTLED, new PaymentReversalRequestedEvent("p1", "r1", "clerk"))
                .when(new FailReversalCommand("p1", "r1", "EXPIRED"))
                .expectEvents(new PaymentReversalFailedEvent("p1", "r1", "EXPIRED"));
    }

    @Test
    void onlyTheReversalInProgressCanCompleteIt() {
        fixture.given(INITIATED, SETTLED, new PaymentReversalRequestedEvent("p1", "r1", "clerk"))
                .when(new CompleteReversalCommand("p1", "r9"))
                .expectException(LedgerException.class)
                .expectNoEvents();
    }
}
