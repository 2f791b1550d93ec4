package io.ledger.api.it;

import io.ledger.messages.common.Money;
import io.ledger.messages.risk.RiskDecidedEvent;
import io.ledger.messages.risk.RiskDecision;
import io.ledger.messages.risk.RiskOutcome;
import io.ledger.query.balance.AccountProjection;
import io.ledger.query.balance.BalanceProgress;
import io.ledger.query.payment.PaymentProjection;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Read models recover: a poisoned event is parked, not blocking; read models rebuild to the same state. */
class ReadModelsIT extends LedgerIT {

    private static final String DEAD_LETTERS = "/v1/admin/dead-letters/account-projection";

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    EventStore eventStore;

    @Autowired
    BalanceProgress balanceProgress;

    /** Makes the account projection fail on any entry of this many cents. */
    private void poison(long cents) {
        jdbc.execute("alter table account_entry add constraint poison check (amount <> " + cents + ")");
    }

    private void cure() {
        jdbc.execute("alter table account_entry drop constraint if exists poison");
    }

    private List<Map<String, Object>> readModelState() {
        List<Map<String, Object>> state = new java.util.ArrayList<>();
        state.addAll(jdbc.queryForList("select account_id, owner_id, status, posted, pending_debits, pending_credits, "
                + "version, opened_at from account_view order by account_id"));
        state.addAll(jdbc.queryForList("select account_id, payment_id, direction, amount, state, created_at "
                + "from account_entry order by account_id, payment_id, direction"));
        // The balance history rebuilt from the events is the one written as they happened: point-in-time balances
        // agree with a replay.
        state.addAll(jdbc.queryForList("select * from account_balance_history order by account_id, position"));
        state.addAll(jdbc.queryForList("select payment_id, status, rejection_reason, reversal_of, reversed_by, amount "
                + "from payment_view order by payment_id"));
        return state;
    }

    private void awaitRebuilt() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode progress = http.get("/v1/admin/read-models", ADMIN).body();
            for (JsonNode projection : progress) {
                // "replaying" stays true until an event past the reset point arrives; caught up is what counts.
                assertTrue(projection.get("caughtUp").asBoolean(), progress.toString());
            }
        });
    }

    /**
     * A waited payment answer waits only for the balances segments holding its two accounts (BalanceProgress): the
     * segment it computes for an account must be the one the running processor gives that account's events to, or a
     * client told SETTLED could read a balance without the payment. Asked of the processor itself, so a change of
     * its sequencing policy or segments fails here.
     */
    @Test
    void theBalancesSegmentAWaiterWaitsForIsTheOneThatProjectsItsAccount() {
        String bank = openSystem("USD");
        AbstractEventProcessor balances = processing
                .eventProcessor(AccountProjection.PROCESSING_GROUP, AbstractEventProcessor.class).orElseThrow();
        List<Integer> segmentIds = segmentIds(AccountProjection.PROCESSING_GROUP);
        assertTrue(segmentIds.size() >= 2, "the balances run on several segments: " + segmentIds);
        Segment[] segments = segments(segmentIds);
        Set<Integer> used = new HashSet<>();
        List<String> accounts = new ArrayList<>(List.of(bank));
        used.add(BalanceProgress.segmentHolding(bank, segmentIds).orElseThrow());
        // Ids are random: open wallets until every segment holds one (and at least eight), so both answers are asked.
        for (int i = 0; i < 64 && (accounts.size() < 9 || used.size() < segmentIds.size()); i++) {
            String wallet = openWallet("w" + i, "USD");
            fund(bank, wallet, "1.00", "USD");
            accounts.add(wallet);
            used.add(BalanceProgress.segmentHolding(wallet, segmentIds).orElseThrow());
        }
        assertEquals(segmentIds.size(), used.size(), "accounts in every segment: " + used);
        // The one instance holds every segment, and the waiters read where each is from the processor itself.
        assertEquals(Set.copyOf(segmentIds), balanceProgress.heldHere().keySet());
        // The events as the processor gets them: tracked (its handlers take the event's position).
        Map<String, List<TrackedEventMessage<?>>> byAccount = new HashMap<>();
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(null)) {
            while (stream.hasNextAvailable(1, TimeUnit.SECONDS)) {
                TrackedEventMessage<?> event = stream.nextAvailable();
                if (event instanceof DomainEventMessage<?> domain && accounts.contains(domain.getAggregateIdentifier())
                        && balances.eventHandlerInvoker().canHandleType(event.getPayloadType())) {
                    byAccount.computeIfAbsent(domain.getAggregateIdentifier(), k -> new ArrayList<>()).add(event);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        for (String account : accounts) {
            int holding = BalanceProgress.segmentHolding(account, segmentIds).orElseThrow();
            List<TrackedEventMessage<?>> projected = byAccount.getOrDefault(account, List.of());
            assertFalse(projected.isEmpty(), account);
            for (TrackedEventMessage<?> event : projected) {
                for (Segment segment : segments) {
                    String what = account + "'s " + event.getPayloadType().getSimpleName() + " in " + segment;
                    boolean handles = balances.eventHandlerInvoker().canHandle(event, segment);
                    assertEquals(segment.getSegmentId() == holding, handles, what);
                }
            }
        }
    }

    /**
     * A risk decision is an event of the debtor account, but the payments' read model must apply it in the segment of
     * the payment it decides, before the rejection or hold that follows: else a payment could read REJECTED or
     * IN_REVIEW without its risk. Asked of the running processor, for enough pairs that account and payment differ.
     */
    @Test
    void theRiskDecisionIsProjectedInItsPaymentsSegment() {
        AbstractEventProcessor payments = processing
                .eventProcessor(PaymentProjection.PROCESSING_GROUP, AbstractEventProcessor.class).orElseThrow();
        Segment[] segments = segments(segmentIds(PaymentProjection.PROCESSING_GROUP));
        assertTrue(segments.length >= 2, "the payments' read model runs on several segments");
        int differing = 0;
        for (int i = 0; i < 32; i++) {
            String account = "acc-" + i;
            String payment = "pay-" + (i * 7 + 3);
            RiskDecidedEvent decided = new RiskDecidedEvent(account, payment, Money.ofMinor(100, "USD"),
                    new RiskDecision(1, RiskOutcome.DENY, List.of()));
            TrackedEventMessage<?> event = new GenericTrackedDomainEventMessage<>(new GlobalSequenceTrackingToken(i),
                    new GenericDomainEventMessage<>("Account", account, 0, decided));
            for (Segment segment : segments) {
                assertEquals(segment.matches(payment), payments.eventHandlerInvoker().canHandle(event, segment),
                        payment + " decided on " + account + " in " + segment);
                if (segment.matches(payment) != segment.matches(account)) {
                    differing++;
                }
            }
        }
        assertTrue(differing > 0, "some account and payment fall in different segments");
    }

    /** The segments a processor's stored tokens say it has. */
    private List<Integer> segmentIds(String processor) {
        return jdbc.queryForList("select segment from token_entry where processor_name = ?", Integer.class, processor);
    }

    private static Segment[] segments(List<Integer> segmentIds) {
        return Segment.computeSegments(segmentIds.stream().mapToInt(Integer::intValue).toArray());
    }

    @Test
    void aPoisonedEventIsParkedWhileEverythingElseFlowsThenRetried() {
        String bank = openSystem("USD");
        String alice = openWallet("alice", "USD");
        String bob = openWallet("bob", "USD");
        fund(bank, alice, "100.00", "USD");
        poison(4242);
        try {
            assertEquals("SETTLED", pay(Tokens.token("alice", "wallet"), unique("k"), alice, bob, "42.42", "USD")
                    .text("status"));
            await().untilAsserted(() -> assertTrue(http.get(DEAD_LETTERS, ADMIN).body().size() >= 1));
            JsonNode letters = http.get(DEAD_LETTERS, ADMIN).body();
            assertTrue(letters.toString().contains("AccountDebitedEvent"), letters.toString());

            String carol = openWallet("carol", "USD");
            fund(bank, carol, "5.00", "USD");
            await().untilAsserted(() -> assertEquals("5.00", balance(carol, "posted")));
        } finally {
            cure();
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            http.post(DEAD_LETTERS + "/retry", ADMIN, null);
            assertEquals(0, http.get(DEAD_LETTERS, ADMIN).body().size());
        });
        await().untilAsserted(() -> assertEquals("57.58", balance(alice, "posted")));
        await().untilAsserted(() -> assertEquals("42.42", balance(bob, "posted")));
        assertEquals(403, http.get(DEAD_LETTERS, BACKOFFICE).status());
        assertEquals(404, http.get("/v1/admin/dead-letters/audit-log", ADMIN).status());
    }

    /**
     * Found in session 18: the savepoints that let a read model park a failing event were given by package, and the
     * payouts' projection (on the payments' processor) sat in a package of its own: a failing payout row stalled the
     * payments' read model too. Now each projection says it is one.
     */
    @Test
    void aPoisonedPayoutEventIsParkedWhilePaymentsFlowOn() {
        String letters = "/v1/admin/dead-letters/payment-projection";
        String clearing = unique("nostro-pln");
        assertEquals(201, open(ADMIN, clearing, "house-bank", "PLN", "CLEARING").status());
        String bank = openSystem("PLN");
        String dora = openWallet("dora", "PLN");
        String eve = openWallet("eve", "PLN");
        fund(bank, dora, "100.00", "PLN");
        jdbc.execute("alter table payout_view add constraint poison check (amount <> 4343)");
        try {
            http.post("/v1/payouts", Tokens.token("dora", "wallet"), "{\"debtorAccount\":\"" + dora
                            + "\",\"amount\":\"43.43\",\"currency\":\"PLN\",\"beneficiary\":{\"name\":\"Carol\","
                            + "\"iban\":\"DE89370400440532013000\"}}",
                    Map.of("Idempotency-Key", unique("po"), "Prefer", "wait=1"));
            await().untilAsserted(() -> assertTrue(http.get(letters, ADMIN).body().toString()
                    .contains("PayoutInitiatedEvent"), http.get(letters, ADMIN).body().toString()));
            assertEquals("SETTLED", pay(Tokens.token("dora", "wallet"), unique("k"), dora, eve, "1.00", "PLN")
                    .text("status"), "the payments' read model goes on");
        } finally {
            jdbc.execute("alter table payout_view drop constraint if exists poison");
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            http.post(letters + "/retry", ADMIN, null);
            assertEquals(0, http.get(letters, ADMIN).body().size());
        });
        await().untilAsserted(() -> assertEquals(1, http.get("/v1/payouts", Tokens.token("dora", "wallet")).body()
                .get("items").size()));
    }

    @Test
    void rebuiltReadModelsEqualTheOnesBeforeAndRepairEvictedLetters() {
        String bank = openSystem("USD");
        String alice = openWallet("alice", "USD");
        String bob = openWallet("bob", "USD");
        fund(bank, alice, "60.00", "USD");
        pay(Tokens.token("alice", "wallet"), unique("k"), alice, bob, "10.00", "USD");
        awaitRebuilt();
        List<Map<String, Object>> before = readModelState();

        Http.Response started = http.post("/v1/admin/read-models/rebuild", ADMIN, null);
        assertEquals(202, started.status(), started.body().toString());
        awaitRebuilt();
        await().untilAsserted(() -> assertEquals(before, readModelState()));

        // An evicted dead letter leaves a hole in the read model; a rebuild fills it from the events.
        poison(4343);
        try {
            pay(Tokens.token("alice", "wallet"), unique("k"), alice, bob, "43.43", "USD");
            await().untilAsserted(() -> assertTrue(http.get(DEAD_LETTERS, ADMIN).body().size() >= 1));
            assertTrue(http.request("DELETE", DEAD_LETTERS, ADMIN).body().get("evicted").asInt() >= 1);
        } finally {
            cure();
        }
        http.post("/v1/admin/read-models/rebuild?projection=account-projection", ADMIN, null);
        awaitRebuilt();
        await().untilAsserted(() -> assertEquals("6.57", balance(alice, "posted")));
        assertEquals("53.43", balance(bob, "posted"));
    }
}
