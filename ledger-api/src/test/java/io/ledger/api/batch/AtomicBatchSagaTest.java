package io.ledger.api.batch;

import io.ledger.messages.batch.PaymentBatchItemRefusedEvent;
import io.ledger.messages.batch.PaymentBatchSubmittedEvent;
import io.ledger.messages.common.Money;
import io.ledger.messages.common.RejectionReason;
import io.ledger.messages.payment.CapturePaymentCommand;
import io.ledger.messages.payment.PaymentAuthorizedEvent;
import io.ledger.messages.payment.PaymentRejectedEvent;
import io.ledger.messages.payment.PaymentSettledEvent;
import io.ledger.messages.payment.PaymentVoidedEvent;
import io.ledger.messages.payment.VoidPaymentCommand;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The atomic batch's rules with Axon's saga fixture: capture all, or void all, and never wait forever. */
class AtomicBatchSagaTest {

    private static final String BATCH = "b-1";
    private static final List<String> PAYMENTS = List.of("p-1", "p-2", "p-3");
    private static final Money TEN = Money.ofMinor(1_000, "EUR");
    private static final Duration WINDOW = Duration.ofMinutes(10);

    private final Map<String, String> outcomes = new HashMap<>();
    private int cancelled;
    private SagaTestFixture<AtomicBatchSaga> fixture;

    @BeforeEach
    void fixture() {
        fixture = new SagaTestFixture<>(AtomicBatchSaga.class);
        fixture.registerResource(new AtomicBatchItems() {
            @Override
            public List<String> paymentIds(String batchId) {
                return PAYMENTS;
            }

            @Override
            public int cancelledItems(String batchId) {
                return cancelled;
            }

            @Override
            public void atomicOutcome(String batchId, String outcome, String reason) {
                outcomes.put(batchId, outcome + (reason == null ? "" : " " + reason));
            }
        });
        fixture.registerResource(new AtomicBatchSettings(WINDOW, Duration.ofHours(1)));
    }

    private static PaymentBatchSubmittedEvent submitted(boolean atomic, int refused) {
        return new PaymentBatchSubmittedEvent(BATCH, atomic, PAYMENTS.size(), refused, "digest", "payroll");
    }

    private static PaymentAuthorizedEvent authorized(String paymentId) {
        return new PaymentAuthorizedEvent(paymentId, "payer", "payee", TEN, Instant.now().plusSeconds(3_600));
    }

    private static List<Object> voidAll() {
        return PAYMENTS.stream().map(id -> (Object) new VoidPaymentCommand(id, AtomicBatchSaga.ACTOR, "void:" + BATCH))
                .toList();
    }

    @Test
    void onlyAnAtomicBatchWithNothingRefusedIsWaitedFor() {
        fixture.givenNoPriorActivity().whenPublishingA(submitted(false, 0)).expectActiveSagas(0);
        fixture.givenNoPriorActivity().whenPublishingA(submitted(true, 1)).expectActiveSagas(0);
        fixture.givenNoPriorActivity().whenPublishingA(submitted(true, 0)).expectActiveSagas(1)
                .expectScheduledDeadlineWithName(WINDOW, AtomicBatchSaga.WINDOW).expectNoDispatchedCommands();
    }

    @Test
    void whenEveryItemIsAuthorizedAllAreCapturedAndTheSagaEndsWhenAllSettled() {
        fixture.givenAPublished(submitted(true, 0)).andThenAPublished(authorized("p-1"))
                .andThenAPublished(authorized("p-2"))
                .whenPublishingA(authorized("p-3"))
                .expectDispatchedCommands(PAYMENTS.stream().map(id -> (Object) new CapturePaymentCommand(id, null,
                        AtomicBatchSaga.ACTOR, "capture:" + BATCH)).toArray())
                .expectNoScheduledDeadlines()
                .expectActiveSagas(1);
        assertEquals("SETTLED", outcomes.get(BATCH));
        fixture.givenAPublished(submitted(true, 0)).andThenAPublished(authorized("p-1"))
                .andThenAPublished(authorized("p-2")).andThenAPublished(authorized("p-3"))
                .andThenAPublished(new PaymentSettledEvent("p-1", "payer", "payee", TEN, null))
                .andThenAPublished(new PaymentSettledEvent("p-2", "payer", "payee", TEN, null))
                .whenPublishingA(new PaymentSettledEvent("p-3", "payer", "payee", TEN, null))
                .expectActiveSagas(0);
    }

    @Test
    void oneRejectedItemVoidsEveryAuthorizationAndNothingIsCaptured() {
        fixture.givenAPublished(submitted(true, 0)).andThenAPublished(authorized("p-1"))
                .whenPublishingA(new PaymentRejectedEvent("p-2", RejectionReason.INSUFFICIENT_FUNDS, null))
                .expectDispatchedCommands(voidAll().toArray())
                .expectActiveSagas(1);
        assertEquals("FAILED", outcomes.get(BATCH));
        // Authorized after the failure: released at once, never captured.
        fixture.givenAPublished(submitted(true, 0))
                .andThenAPublished(new PaymentRejectedEvent("p-2", RejectionReason.INSUFFICIENT_FUNDS, null))
                .whenPublishingA(authorized("p-3"))
                .expectDispatchedCommands(new VoidPaymentCommand("p-3", AtomicBatchSaga.ACTOR, "void:" + BATCH));
    }

    @Test
    void anItemRefusedWhenSentFailsTheBatchAndTheSagaEndsOnceEveryItemIsAccountedFor() {
        cancelled = 1;   // the runner cancelled the third, never sent
        fixture.givenAPublished(submitted(true, 0)).andThenAPublished(authorized("p-1"))
                .andThenAPublished(new PaymentBatchItemRefusedEvent(BATCH, 2, "p-2", "EXTERNAL_REFERENCE_TAKEN"))
                .whenPublishingA(new PaymentVoidedEvent("p-1", "payer", "payee", TEN, AtomicBatchSaga.ACTOR, "void:" + BATCH))
                .expectActiveSagas(0);
        assertEquals("FAILED", outcomes.get(BATCH));
    }

    @Test
    void aBatchNotAuthorizedWithinItsWindowFailsAndTheSagaEnds() {
        fixture.givenAPublished(submitted(true, 0)).andThenAPublished(authorized("p-1"))
                .whenTimeElapses(WINDOW.plusSeconds(1))
                .expectTriggeredDeadlinesWithName(AtomicBatchSaga.WINDOW)
                .expectDispatchedCommands(voidAll().toArray())
                .expectActiveSagas(0);
        assertEquals("FAILED BATCH_WINDOW_PASSED", outcomes.get(BATCH));
    }

    @Test
    void aFailedBatchDeclinesTheReviewOfAnItemHeldForOne() {
        // p-2 waits IN_REVIEW (ADR 0026): it cannot be voided, so its review is declined for the batch.
        fixture.setCallbackBehavior((payload, metaData) -> {
            if (payload instanceof VoidPaymentCommand command && command.paymentId().equals("p-2")) {
                throw new io.ledger.messages.common.LedgerException(
                        io.ledger.messages.common.ErrorCode.PAYMENT_NOT_AUTHORIZED, "p-2 is IN_REVIEW");
            }
            return null;
        });
        fixture.givenAPublished(submitted(true, 0)).andThenAPublished(authorized("p-1"))
                .whenTimeElapses(WINDOW.plusSeconds(1))
                .expectDispatchedCommands(
                        new VoidPaymentCommand("p-1", AtomicBatchSaga.ACTOR, "void:" + BATCH),
                        new VoidPaymentCommand("p-2", AtomicBatchSaga.ACTOR, "void:" + BATCH),
                        new io.ledger.messages.payment.DeclineReviewCommand("p-2", AtomicBatchSaga.ACTOR),
                        new VoidPaymentCommand("p-3", AtomicBatchSaga.ACTOR, "void:" + BATCH));
    }
}
