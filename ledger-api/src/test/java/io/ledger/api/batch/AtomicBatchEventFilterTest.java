package io.ledger.api.batch;

import io.ledger.messages.batch.PaymentBatchItemRefusedEvent;
import io.ledger.messages.batch.PaymentBatchSubmittedEvent;
import io.ledger.messages.common.Money;
import io.ledger.messages.common.RejectionReason;
import io.ledger.messages.payment.PaymentAuthorizedEvent;
import io.ledger.messages.payment.PaymentRejectedEvent;
import io.ledger.messages.payment.PaymentSettledEvent;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What of a processor's batch reaches the atomic batch saga: its own events, and its items' payments only. */
class AtomicBatchEventFilterTest {

    private static final Money TEN = Money.ofMinor(1_000, "EUR");

    private final List<Collection<String>> asked = new ArrayList<>();
    private final AtomicBatchEventFilter filter = new AtomicBatchEventFilter(paymentIds -> {
        asked.add(Set.copyOf(paymentIds));
        return Set.of("item-1", "item-2");
    });

    @Test
    void onlyItemsOfAtomicBatchesAndTheBatchesOwnEventsReachTheSaga() throws Exception {
        List<Object> reached = passedThrough(
                new PaymentBatchSubmittedEvent("b-1", true, 2, 0, "digest", "payroll"),
                new PaymentSettledEvent("wallet-payment", "payer", "payee", TEN, null),
                new PaymentAuthorizedEvent("item-1", "payer", "payee", TEN, Instant.now().plusSeconds(60)),
                new PaymentRejectedEvent("other-payment", RejectionReason.INSUFFICIENT_FUNDS, null),
                new PaymentBatchItemRefusedEvent("b-1", 3, "refused-item", "REFERENCE_TAKEN"),
                new PaymentSettledEvent("item-2", "payer", "payee", TEN, null));

        assertEquals(List.of("PaymentBatchSubmittedEvent b-1", "PaymentAuthorizedEvent item-1",
                "PaymentBatchItemRefusedEvent b-1", "PaymentSettledEvent item-2"), reached);
        // One question for the whole batch, about the payments the saga would look up by payment id.
        assertEquals(List.of(Set.of("wallet-payment", "item-1", "other-payment", "item-2")), asked);
    }

    @Test
    void aBatchWithoutPaymentEventsAsksNothing() throws Exception {
        List<Object> reached = passedThrough(new PaymentBatchSubmittedEvent("b-2", false, 5, 0, "digest", "payroll"));

        assertEquals(List.of("PaymentBatchSubmittedEvent b-2"), reached);
        assertEquals(List.of(), asked);
    }

    /** Runs the batch through the filter as a processor does, one message after another in one unit of work. */
    private List<Object> passedThrough(Object... payloads) throws Exception {
        List<EventMessage<?>> events = new ArrayList<>();
        for (Object payload : payloads) {
            events.add(GenericEventMessage.asEventMessage(payload));
        }
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(events);
        List<Object> reached = new ArrayList<>();
        unitOfWork.executeWithResult(() -> new DefaultInterceptorChain<>(unitOfWork, List.of(filter), event -> {
            reached.add(describe(event.getPayload()));
            return null;
        }).proceed());
        return reached;
    }

    private static String describe(Object payload) {
        String type = payload.getClass().getSimpleName();
        if (payload instanceof PaymentBatchSubmittedEvent submitted) {
            return type + " " + submitted.batchId();
        }
        if (payload instanceof PaymentBatchItemRefusedEvent refused) {
            return type + " " + refused.batchId();
        }
        if (payload instanceof PaymentSettledEvent settled) {
            return type + " " + settled.paymentId();
        }
        return type + " " + ((PaymentAuthorizedEvent) payload).paymentId();
    }
}
