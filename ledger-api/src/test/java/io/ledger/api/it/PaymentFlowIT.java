package io.ledger.api.it;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PaymentFlowIT extends LedgerIT {

    @Test
    void balancesAndStatementsShowAPaymentAnsweredSettled() {
        // Balances and payments are projected by separate processors; the answer under Prefer: wait
        // must not come before the balances show the payment (this failed about once in 20 before).
        String bank = openSystem("USD");
        String alice = openWallet("alice", "USD");
        for (int i = 1; i <= 20; i++) {
            Http.Response paid = pay(ADMIN, unique("k"), bank, alice, "1.00", "USD");
            assertEquals("SETTLED", paid.text("status"), paid.body().toString());
            assertEquals(i + ".00", balance(alice, "posted"));
            assertEquals(i, http.get("/v1/accounts/" + alice + "/entries?limit=200", ADMIN).body().get("items").size());
        }
    }

    @Test
    void walletPaymentSettlesAndMovesTheMoneyExactly() {
        String bank = openSystem("USD");
        String alice = openWallet("alice", "USD");
        String bob = openWallet("bob", "USD");
        fund(bank, alice, "500.00", "USD");

        Http.Response paid = http.post("/v1/payments", Tokens.token("alice", "wallet"),
                "{\"debtorAccount\":\"" + alice + "\",\"creditorAccount\":\"" + bob
                        + "\",\"amount\":\"150.10\",\"currency\":\"USD\",\"remittanceInfo\":\"dinner\"}",
                Map.of("Idempotency-Key", unique("k"), "Prefer", "wait=10"));

        assertEquals(201, paid.status(), paid.body().toString());
        assertEquals("SETTLED", paid.text("status"));
        assertEquals("150.10", paid.text("amount"));
        assertEquals("/v1/payments/" + paid.text("paymentId"), paid.header("Location"));
        assertEquals("349.90", balance(alice, "posted"));
        assertEquals("349.90", balance(alice, "available"));
        assertEquals("150.10", balance(bob, "posted"));
        assertEquals("-500.00", balance(bank, "posted"));
        assertEquals("0.00", balance(alice, "pendingDebits"));

        JsonNode entries = http.get("/v1/accounts/" + bob + "/entries", Tokens.token("bob", "wallet")).body().get("items");
        assertEquals(1, entries.size());
        assertEquals("CREDIT", entries.get(0).get("direction").asString());
        assertEquals("POSTED", entries.get(0).get("state").asString());
        assertEquals(paid.text("paymentId"), entries.get(0).get("paymentId").asString());
    }

    @Test
    void withoutPreferWaitThePaymentIsAcceptedAndSettlesLater() {
        String bank = openSystem("USD");
        String alice = openWallet("alice", "USD");
        Http.Response accepted = http.post("/v1/payments", ADMIN, paymentBody(bank, alice, "1.00", "USD"),
                Map.of("Idempotency-Key", unique("k")));
        assertEquals(202, accepted.status());
        // Answered from what was accepted, not from the read model: PENDING, with what was asked for.
        assertEquals("PENDING", accepted.text("status"));
        assertEquals("1.00", accepted.text("amount"));
        assertEquals(alice, accepted.text("creditorAccount"));
        assertNull(accepted.header("Preference-Applied"));
        String location = accepted.header("Location");
        await().untilAsserted(() -> assertEquals("SETTLED", http.get(location, ADMIN).text("status")));
    }

    @Test
    void getWithPreferWaitAnswersOnceThePaymentHasEnded() {
        String bank = openSystem("USD");
        String alice = openWallet("alice", "USD");
        String bob = openWallet("bob", "USD");
        fund(bank, alice, "10.00", "USD");
        String alicesToken = Tokens.token("alice", "wallet");
        Http.Response accepted = http.post("/v1/payments", alicesToken, paymentBody(alice, bob, "2.50", "USD"),
                Map.of("Idempotency-Key", unique("k")));
        assertEquals(202, accepted.status());

        // Asked straight after the POST: the payment may not be readable yet; the answer waits for its end.
        Http.Response outcome = http.get(accepted.header("Location"), alicesToken, Map.of("Prefer", "wait=10"));
        assertEquals(200, outcome.status(), outcome.body().toString());
        assertEquals("SETTLED", outcome.text("status"));
        assertEquals("wait=10", outcome.header("Preference-Applied"));
        assertEquals("7.50", balance(alice, "posted"));

        // A stranger waits for nothing and learns nothing.
        long started = System.nanoTime();
        Http.Response stranger = http.get(accepted.header("Location"), Tokens.token("mallory", "wallet"),
                Map.of("Prefer", "wait=10"));
        assertEquals(404, stranger.status());
        assertEquals("PAYMENT_NOT_FOUND", stranger.code());
        assertTrue(System.nanoTime() - started < 5_000_000_000L, "a stranger's wait ends at once");
    }

    @Test
    void everyRejectionReasonEndsThePaymentRejectedWithNothingPosted() {
        String bank = openSystem("USD");
        String alice = openWallet("alice", "USD");
        fund(bank, alice, "100.00", "USD");
        String aliceToken = Tokens.token("alice", "wallet");

        String frozen = openWallet("frank", "USD");
        assertEquals(200, http.post("/v1/accounts/" + frozen + "/freeze", BACKOFFICE, "{\"reason\":\"kyc\"}").status());
        String closed = openWallet("carl", "USD");
        assertEquals(200, http.post("/v1/accounts/" + closed + "/close", ADMIN, null).status());
        String euro = openWallet("eve", "EUR");

        assertRejected(pay(aliceToken, unique("k"), alice, openWallet("bob", "USD"), "100.01", "USD"), "INSUFFICIENT_FUNDS");
        assertRejected(pay(aliceToken, unique("k"), alice, "no-such-account", "1.00", "USD"), "ACCOUNT_NOT_FOUND");
        assertRejected(pay(aliceToken, unique("k"), alice, frozen, "1.00", "USD"), "ACCOUNT_FROZEN");
        assertRejected(pay(aliceToken, unique("k"), alice, closed, "1.00", "USD"), "ACCOUNT_CLOSED");
        assertRejected(pay(aliceToken, unique("k"), alice, euro, "1.00", "USD"), "CURRENCY_MISMATCH");

        // Refused on either side, nothing moved: the creditor is asked before the debtor is debited (ADR 0013).
        assertEquals("100.00", balance(alice, "posted"));
        assertEquals("0.00", balance(alice, "pendingDebits"));
        assertEquals("100.00", balance(alice, "available"));
        JsonNode entries = http.get("/v1/accounts/" + alice + "/entries?limit=20", aliceToken).body().get("items");
        assertEquals(1, entries.size(), "only the funding credit: " + entries);
        assertEquals("CREDIT", entries.get(0).get("direction").asString());
        for (String account : new String[] {frozen, closed, euro}) {
            assertEquals(0, http.get("/v1/accounts/" + account + "/entries", ADMIN).body().get("items").size(), account);
        }
    }

    @Test
    void frozenDebtorIsRejected() {
        String bank = openSystem("USD");
        String alice = openWallet("alice", "USD");
        fund(bank, alice, "10.00", "USD");
        http.post("/v1/accounts/" + alice + "/freeze", BACKOFFICE, null);
        assertRejected(pay(Tokens.token("alice", "wallet"), unique("k"), alice, openWallet("bob", "USD"), "1.00", "USD"),
                "ACCOUNT_FROZEN");
        assertEquals(200, http.post("/v1/accounts/" + alice + "/unfreeze", BACKOFFICE, null).status());
        assertEquals("10.00", balance(alice, "available"));
    }

    @Test
    void reversalMovesTheMoneyBackAndMarksTheOriginal() {
        String bank = openSystem("USD");
        String alice = openWallet("alice", "USD");
        String bob = openWallet("bob", "USD");
        fund(bank, alice, "80.00", "USD");
        String paymentId = pay(Tokens.token("alice", "wallet"), unique("k"), alice, bob, "30.00", "USD").text("paymentId");

        Http.Response reversal = http.post("/v1/payments/" + paymentId + "/reversal", BACKOFFICE, null,
                Map.of("Prefer", "wait=10"));
        assertEquals(201, reversal.status(), reversal.body().toString());
        assertEquals("SETTLED", reversal.text("status"));
        assertEquals(paymentId, reversal.text("reversalOf"));
        assertEquals(bob, reversal.text("debtorAccount"));
        await().untilAsserted(() -> assertEquals("REVERSED", http.get("/v1/payments/" + paymentId, BACKOFFICE).text("status")));
        assertEquals(reversal.text("paymentId"), http.get("/v1/payments/" + paymentId, BACKOFFICE).text("reversedBy"));
        assertEquals("80.00", balance(alice, "posted"));
        assertEquals("0.00", balance(bob, "posted"));

        Http.Response again = http.post("/v1/payments/" + paymentId + "/reversal", BACKOFFICE, null);
        assertEquals(409, again.status());
        assertEquals("PAYMENT_ALREADY_REVERSED", again.code());
    }

    @Test
    void reversalThatCannotSettleLeavesTheOriginalSettled() {
        String bank = openSystem("USD");
        String alice = openWallet("alice", "USD");
        String bob = openWallet("bob", "USD");
        String carol = openWallet("carol", "USD");
        fund(bank, alice, "30.00", "USD");
        String paymentId = pay(Tokens.token("alice", "wallet"), unique("k"), alice, bob, "30.00", "USD").text("paymentId");
        assertEquals("SETTLED", pay(Tokens.token("bob", "wallet"), unique("k"), bob, carol, "30.00", "USD").text("status"));

        Http.Response reversal = http.post("/v1/payments/" + paymentId + "/reversal", BACKOFFICE, null,
                Map.of("Prefer", "wait=10"));
        assertEquals("REJECTED", reversal.text("status"));
        assertEquals("INSUFFICIENT_FUNDS", reversal.text("rejectionReason"));
        assertEquals("SETTLED", http.get("/v1/payments/" + paymentId, BACKOFFICE).text("status"));
        assertEquals("0.00", balance(alice, "posted"));
        assertEquals("30.00", balance(carol, "posted"));
    }

    @Test
    void concurrentReplaysOfOneKeyMakeOnePayment() throws Exception {
        String bank = openSystem("USD");
        String alice = openWallet("alice", "USD");
        String bob = openWallet("bob", "USD");
        fund(bank, alice, "100.00", "USD");
        String token = Tokens.token("alice", "wallet");
        String key = unique("same-key");
        String body = paymentBody(alice, bob, "7.00", "USD");

        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Http.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            calls.add(() -> http.post("/v1/payments", token, body, Map.of("Idempotency-Key", key)));
        }
        Set<String> ids = new HashSet<>();
        try {
            for (Future<Http.Response> future : pool.invokeAll(calls)) {
                Http.Response response = future.get();
                assertEquals(202, response.status(), response.body().toString());
                ids.add(response.text("paymentId"));
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(1, ids.size(), "every replay must answer the same payment");
        await().untilAsserted(() -> assertEquals("93.00", balance(alice, "posted")));
        JsonNode listed = http.get("/v1/payments?account=" + alice, token).body().get("items");
        assertEquals(2, listed.size(), "the funding and exactly one 7.00 payment");
        assertEquals(ids.iterator().next(), listed.get(0).get("paymentId").asString());
        assertEquals(404, http.get("/v1/payments?account=" + bob, token).status(), "bob's account is not alice's to list");

        Http.Response replay = http.post("/v1/payments", token, body, Map.of("Idempotency-Key", key, "Prefer", "wait=5"));
        assertEquals("true", replay.header("Idempotent-Replayed"));
        assertEquals("SETTLED", replay.text("status"));

        Http.Response otherBody = http.post("/v1/payments", token, paymentBody(alice, bob, "8.00", "USD"),
                Map.of("Idempotency-Key", key));
        assertEquals(422, otherBody.status());
        assertEquals("IDEMPOTENCY_KEY_REUSED", otherBody.code());
        assertEquals("93.00", balance(alice, "posted"));
    }

    @Test
    void idempotencyKeysAreScopedToTheCaller() {
        String bank = openSystem("USD");
        String alice = openWallet("alice", "USD");
        String bob = openWallet("bob", "USD");
        fund(bank, alice, "10.00", "USD");
        fund(bank, bob, "10.00", "USD");
        String key = unique("shared");
        String fromAlice = pay(Tokens.token("alice", "wallet"), key, alice, bob, "1.00", "USD").text("paymentId");
        String fromBob = pay(Tokens.token("bob", "wallet"), key, bob, alice, "1.00", "USD").text("paymentId");
        assertNotNull(fromAlice);
        assertTrue(!fromAlice.equals(fromBob), "two callers using one key make two payments");
    }

    @Test
    void correlationIdAndPrincipalReachEveryEventTheRequestCaused() {
        String bank = openSystem("USD");
        String alice = openWallet("alice", "USD");
        String correlationId = unique("trace");
        Http.Response paid = http.post("/v1/payments", ADMIN, paymentBody(bank, alice, "5.00", "USD"),
                Map.of("Idempotency-Key", unique("k"), "Prefer", "wait=10", "X-Correlation-Id", correlationId));
        assertEquals(correlationId, paid.header("X-Correlation-Id"));
        assertEquals("SETTLED", paid.text("status"));

        List<Map<String, Object>> events = jdbc.queryForList(
                "select payload_type, convert_from(meta_data, 'UTF8') as meta from domain_event_entry "
                        + "where convert_from(meta_data, 'UTF8') like ? order by global_index", "%" + correlationId + "%");
        List<String> types = events.stream().map(e -> e.get("payload_type").toString()
                .replaceAll(".*\\.", "")).toList();
        assertEquals(List.of("PaymentInitiatedEvent", "AccountDebitedEvent", "AccountCreditedEvent", "PaymentSettledEvent"),
                types);
        java.util.Set<String> subjectRefs = new java.util.HashSet<>();
        for (Map<String, Object> event : events) {
            String meta = event.get("meta").toString();
            // The principal is personal data: stored sealed under its subject's key (ADR 0021), the same key each time.
            java.util.regex.Matcher sealed = java.util.regex.Pattern.compile("\"principal\":\"pd1\\.([^.]+)\\.").matcher(meta);
            assertTrue(sealed.find(), meta);
            subjectRefs.add(sealed.group(1));
            assertTrue(meta.contains("\"scopes\":\"admin\""), meta);
            assertTrue(meta.contains("\"causationId\""), meta);
        }
        assertEquals(1, subjectRefs.size(), subjectRefs.toString());
        // ...and it reads in clear wherever it is shown: the audit log's principal, from the opened metadata.
        org.awaitility.Awaitility.await().untilAsserted(() -> assertEquals(List.of("ops", "ops", "ops", "ops"),
                jdbc.queryForList("select principal from audit_record where correlation_id = ? order by audit_seq",
                        String.class, correlationId)));
    }

    @Test
    void eventAndCommandIdsAreTimeOrdered() {
        String bank = openSystem("USD");
        String alice = openWallet("alice", "USD");
        String correlationId = unique("order");
        http.post("/v1/payments", ADMIN, paymentBody(bank, alice, "5.00", "USD"),
                Map.of("Idempotency-Key", unique("k"), "Prefer", "wait=10", "X-Correlation-Id", correlationId));
        List<String> eventIds = jdbc.queryForList("select event_identifier from domain_event_entry "
                + "where convert_from(meta_data, 'UTF8') like ? order by global_index", String.class, "%" + correlationId + "%");
        assertEquals(4, eventIds.size());
        for (String id : eventIds) {
            assertEquals(7, UUID.fromString(id).version(), id);
        }
        // One instance made them in this order, so their ids sort the same way: they grow the index at its end.
        assertEquals(eventIds.stream().sorted().toList(), eventIds);
        List<String> commandIds = jdbc.queryForList(
                "select command_id from audit_command where correlation_id = ? order by recorded_at", String.class, correlationId);
        assertTrue(commandIds.size() >= 4, commandIds.toString());
        commandIds.forEach(id -> assertEquals(7, UUID.fromString(id).version(), id));
    }

    @Test
    void eventsAreStoredAsReadableJson() {
        String id = openWallet("alice", "USD");
        String payload = jdbc.queryForObject("select convert_from(payload, 'UTF8') from domain_event_entry "
                + "where aggregate_identifier = ? and sequence_number = 0", String.class, id);
        assertTrue(payload.startsWith("{") && payload.contains("\"accountId\":\"" + id + "\""), payload);
        assertEquals("bytea", jdbc.queryForObject("select data_type from information_schema.columns "
                + "where table_name = 'domain_event_entry' and column_name = 'payload'", String.class));
        assertEquals(1L, jdbc.queryForObject("select increment from information_schema.sequences "
                + "where sequence_name = 'domain_event_entry_seq'", Long.class));
    }

    private static void assertRejected(Http.Response response, String reason) {
        assertEquals(201, response.status(), response.body().toString());
        assertEquals("REJECTED", response.text("status"), response.body().toString());
        assertEquals(reason, response.text("rejectionReason"));
    }
}
