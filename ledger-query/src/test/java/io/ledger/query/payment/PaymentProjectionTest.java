package io.ledger.query.payment;

import io.ledger.messages.common.Money;
import io.ledger.messages.common.RejectionReason;
import io.ledger.messages.payment.FindPaymentQuery;
import io.ledger.messages.payment.ListPaymentsQuery;
import io.ledger.messages.payment.PaymentInitiatedEvent;
import io.ledger.messages.payment.PaymentPage;
import io.ledger.messages.payment.PaymentRejectedEvent;
import io.ledger.messages.payment.PaymentReversedEvent;
import io.ledger.messages.payment.PaymentSettledEvent;
import io.ledger.messages.payment.PaymentStatus;
import io.ledger.messages.payment.PaymentView;
import io.ledger.query.support.ReadModelDatabase;
import io.ledger.query.support.ReadModelWrites;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.queryhandling.GenericSubscriptionQueryMessage;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.axonframework.queryhandling.SubscriptionQueryMessage;
import org.axonframework.queryhandling.SubscriptionQueryUpdateMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class PaymentProjectionTest {

    private static PaymentProjection projection;
    private static JdbcTemplate jdbc;
    /** What the projection sent to waiting subscribers: the update and whether a wait for "p-watched" got it. */
    private static final List<Sent> SENT = new CopyOnWriteArrayList<>();
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final Money AMOUNT = Money.ofMinor(1_234, "EUR");
    private static final String WATCHED = "p-watched-" + UUID.randomUUID();
    /** The subscriptions the emitter reports as open. */
    private static final Set<SubscriptionQueryMessage<?, ?, ?>> WAITING = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void database() {
        QueryUpdateEmitter recording = new SimpleQueryUpdateEmitter(SimpleQueryUpdateEmitter.builder()) {
            @Override
            public <U> void emit(Predicate<SubscriptionQueryMessage<?, ?, U>> filter,
                                 SubscriptionQueryUpdateMessage<U> update) {
                @SuppressWarnings("unchecked")
                SubscriptionQueryMessage<?, ?, U> watcher = (SubscriptionQueryMessage<?, ?, U>) waitFor(WATCHED);
                SENT.add(new Sent((PaymentView) update.getPayload(), filter.test(watcher)));
            }

            @Override
            public Set<SubscriptionQueryMessage<?, ?, ?>> activeSubscriptions() {
                return WAITING;
            }
        };
        WAITING.add(waitFor(WATCHED));
        jdbc = ReadModelDatabase.create();
        projection = new PaymentProjection(jdbc, new ReadModelWrites(jdbc), recording);
    }

    private static String initiated(String debtor, String creditor) {
        String id = UUID.randomUUID().toString();
        projection.on(new PaymentInitiatedEvent(id, debtor, creditor, AMOUNT, "rent", "k", "fp", "alice", null), T,
                new GlobalSequenceTrackingToken(7));
        return id;
    }

    @Test
    void aPaymentGoesFromPendingToExactlyOneTerminalStatus() {
        String id = initiated("a", "b");
        assertEquals(PaymentStatus.PENDING, projection.handle(new FindPaymentQuery(id)).status());
        projection.on(new PaymentRejectedEvent(id, RejectionReason.ACCOUNT_FROZEN, null), T, new GlobalSequenceTrackingToken(9));
        projection.on(new PaymentSettledEvent(id, "a", "b", AMOUNT, null), T, new GlobalSequenceTrackingToken(10));
        var view = projection.handle(new FindPaymentQuery(id));
        assertEquals(PaymentStatus.REJECTED, view.status(), "a late duplicate terminal event does not overwrite");
        assertEquals(RejectionReason.ACCOUNT_FROZEN, view.rejectionReason());
        assertEquals(AMOUNT, view.amount());
        assertEquals("rent", view.remittanceInfo());
    }

    @Test
    void whoeverWaitsForAPaymentIsSentEachChangeAsTheWriteLeftIt() {
        SENT.clear();
        projection.on(new PaymentInitiatedEvent(WATCHED, "a", "b", AMOUNT, "rent", "k", "fp", "alice", null), T,
                new GlobalSequenceTrackingToken(7));
        projection.on(new PaymentSettledEvent(WATCHED, "a", "b", AMOUNT, null), T, new GlobalSequenceTrackingToken(9));
        // Applied again (a replay after a crash): nothing changes, and the payment is sent as it stands.
        projection.on(new PaymentSettledEvent(WATCHED, "a", "b", AMOUNT, null), T, new GlobalSequenceTrackingToken(12));
        initiated("c", "d");

        assertEquals(List.of(PaymentStatus.PENDING, PaymentStatus.SETTLED, PaymentStatus.SETTLED),
                SENT.stream().map(sent -> sent.view().status()).toList(),
                "a payment nobody waits for is neither read back nor sent");
        assertEquals(List.of(7L, 9L, 9L), SENT.stream().map(sent -> sent.view().position()).toList());
        assertEquals(List.of(true, true, true), SENT.stream().map(Sent::toWatcher).toList(),
                "each update goes to whoever waits for that payment");
        assertEquals("rent", SENT.get(1).view().remittanceInfo());
        assertEquals(AMOUNT, SENT.get(1).view().amount());
    }

    @Test
    void inABatchThePaymentsAreWrittenAtCommitAndPushedOnceEachToWhoeverWaitsByThen() {
        SENT.clear();
        String late = "p-late-" + UUID.randomUUID();
        String other = "p-other-" + UUID.randomUUID();
        String unwatched = "p-unwatched-" + UUID.randomUUID();
        DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        projection.on(new PaymentInitiatedEvent(late, "a", "b", AMOUNT, null, "k", "fp", "alice", null), T,
                new GlobalSequenceTrackingToken(21));
        projection.on(new PaymentInitiatedEvent(other, "a", "b", AMOUNT, null, "k2", "fp", "alice", null), T,
                new GlobalSequenceTrackingToken(22));
        projection.on(new PaymentSettledEvent(late, "a", "b", AMOUNT, null), T, new GlobalSequenceTrackingToken(23));
        projection.on(new PaymentInitiatedEvent(unwatched, "a", "b", AMOUNT, null, "k3", "fp", "alice", null), T,
                new GlobalSequenceTrackingToken(24));
        projection.on(new PaymentRejectedEvent(other, RejectionReason.INSUFFICIENT_FUNDS, null), T,
                new GlobalSequenceTrackingToken(25));
        assertNull(projection.handle(new FindPaymentQuery(late)), "the batch's writes wait for its commit");
        assertEquals(List.of(), SENT, "nothing is pushed before the batch commits");
        // Subscribe while the batch is open, after its events were handled.
        WAITING.add(waitFor(late));
        WAITING.add(waitFor(other));
        batch.commit();
        assertEquals(Set.of(late, other), SENT.stream().map(sent -> sent.view().paymentId()).collect(Collectors.toSet()));
        assertEquals(2, SENT.size(), "each awaited payment is pushed once, as committed");
        for (Sent sent : SENT) {
            assertEquals(sent.view().paymentId().equals(late) ? PaymentStatus.SETTLED : PaymentStatus.REJECTED,
                    sent.view().status());
        }
        assertEquals(PaymentStatus.PENDING, projection.handle(new FindPaymentQuery(unwatched)).status());
    }

    @Test
    void paymentsPushedTogetherAndReadByIdNameTheOwnersOfBothAccounts() {
        SENT.clear();
        String dora = opened("dora");
        String carl = opened("carl");
        String there = "p-there-" + UUID.randomUUID();
        String back = "p-back-" + UUID.randomUUID();
        DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        projection.on(new PaymentInitiatedEvent(there, dora, carl, AMOUNT, null, "k", "fp", "dora", null), T,
                new GlobalSequenceTrackingToken(31));
        projection.on(new PaymentInitiatedEvent(back, carl, dora, AMOUNT, null, "k2", "fp", "carl", null), T,
                new GlobalSequenceTrackingToken(32));
        List<SubscriptionQueryMessage<?, ?, ?>> waiters = List.of(waitFor(there), waitFor(back));
        WAITING.addAll(waiters);
        try {
            batch.commit();
        } finally {
            WAITING.removeAll(waiters);
        }

        // Two awaited payments in one batch are read in one query (payment_id = any(?)), one alone by its id.
        assertEquals(2, SENT.size());
        for (PaymentView pushed : SENT.stream().map(Sent::view).toList()) {
            assertOwners(pushed, pushed.paymentId().equals(there) ? "dora" : "carl",
                    pushed.paymentId().equals(there) ? "carl" : "dora");
        }
        assertOwners(projection.handle(new FindPaymentQuery(there)), "dora", "carl");
        assertOwners(projection.handle(new FindPaymentQuery(back)), "carl", "dora");
    }

    private static void assertOwners(PaymentView view, String debtorOwner, String creditorOwner) {
        assertEquals(debtorOwner, view.debtorOwnerId(), view.paymentId());
        assertEquals(creditorOwner, view.creditorOwnerId(), view.paymentId());
    }

    /** An account in the balances read model, owned by owner; the payments read model looks its owner up there. */
    private static String opened(String owner) {
        String id = "acc-" + owner + "-" + UUID.randomUUID();
        jdbc.update("""
                insert into account_view (account_id, owner_id, currency, type, status, overdraft_limit, version,
                                          position, opened_at, updated_at)
                values (?, ?, 'EUR', 'WALLET', 'ACTIVE', 0, 0, 0, now(), now())""", id, owner);
        return id;
    }

    private static SubscriptionQueryMessage<?, ?, ?> waitFor(String paymentId) {
        return new GenericSubscriptionQueryMessage<>(new FindPaymentQuery(paymentId),
                ResponseTypes.instanceOf(PaymentView.class), ResponseTypes.instanceOf(PaymentView.class));
    }

    private record Sent(PaymentView view, boolean toWatcher) {
    }

    @Test
    void reversalIsRecordedOnTheOriginal() {
        String id = initiated("a", "b");
        projection.on(new PaymentSettledEvent(id, "a", "b", AMOUNT, null), T, null);
        projection.on(new PaymentReversedEvent(id, "r1"), T, null);
        var view = projection.handle(new FindPaymentQuery(id));
        assertEquals(PaymentStatus.REVERSED, view.status());
        assertEquals("r1", view.reversedBy());
    }

    @Test
    void listsNewestFirstByAccountAndStatusWithACursor() {
        String account = "acc-" + UUID.randomUUID();
        String first = initiated(account, "x");
        String second = initiated("y", account);
        String third = initiated(account, "z");
        initiated("unrelated", "other");
        projection.on(new PaymentSettledEvent(second, "y", account, AMOUNT, null), T, null);

        PaymentPage page = projection.handle(new ListPaymentsQuery(account, null, null, null, 2));
        assertEquals(third, page.items().get(0).paymentId());
        assertEquals(second, page.items().get(1).paymentId());
        PaymentPage rest = projection.handle(new ListPaymentsQuery(account, null, null, page.nextCursor(), 2));
        assertEquals(first, rest.items().get(0).paymentId());
        assertNull(rest.nextCursor());
        PaymentPage settled = projection.handle(new ListPaymentsQuery(account, PaymentStatus.SETTLED, null, null, 10));
        assertEquals(1, settled.items().size());
        assertEquals(0, projection.handle(new ListPaymentsQuery(account, null, "nobody", null, 10)).items().size());
    }
}
