package io.ledger.api.it;

import tools.jackson.databind.JsonNode;
import io.ledger.api.batch.PaymentBatchRunner;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Payment batches over HTTP (issue 20): every item checked as a single request is and booked as the same payment;
 * a bad item among good ones refused alone with its code; the batch's progress and its items' results readable;
 * the same batch again a replay; the books balanced after.
 */
class PaymentBatchIT extends LedgerIT {

    private static String item(String key, String debtor, String creditor, String amount, String extra) {
        return "{\"idempotencyKey\":\"" + key + "\",\"debtorAccount\":\"" + debtor + "\",\"creditorAccount\":\"" + creditor
                + "\",\"amount\":\"" + amount + "\",\"currency\":\"GBP\"" + extra + "}";
    }

    private Http.Response submit(String token, String key, List<String> items) {
        return http.post("/v1/payment-batches", token, "{\"items\":[" + String.join(",", items) + "]}",
                Map.of("Idempotency-Key", key));
    }

    private JsonNode awaitDispatched(String token, String batchId) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode batch = http.get("/v1/payment-batches/" + batchId, token).body();
            assertEquals("DISPATCHED", batch.get("status").asString(), batch.toString());
            assertNull(batch.get("items").get("PENDING"), batch.toString());
            assertNull(batch.get("items").get("QUEUED"), batch.toString());
        });
        return http.get("/v1/payment-batches/" + batchId, token).body();
    }

    @Test
    void eachItemBecomesThePaymentASingleRequestWouldMakeAndABadOneIsRefusedAlone() {
        String bank = openSystem("GBP");
        String payer = openWallet("payroll", "GBP");
        String stranger = openWallet("stranger", "GBP");
        List<String> staff = IntStream.range(0, 5).mapToObj(i -> openWallet("staff" + i, "GBP")).toList();
        fund(bank, payer, "100.00", "GBP");
        String token = Tokens.token("payroll", "wallet");

        List<String> items = new ArrayList<>();
        for (int i = 0; i < staff.size(); i++) {
            items.add(item("salary-" + i, payer, staff.get(i), "10.00",
                    ",\"externalReference\":\"E2E-" + i + "\",\"remittanceInfo\":\"salary November\""));
        }
        items.add(item("bad-amount", payer, staff.get(0), "1.001", ""));           // 5: INVALID_AMOUNT
        items.add(item("not-mine", stranger, staff.get(0), "1.00", ""));           // 6: ACCOUNT_NOT_FOUND
        items.add(item("too-much", payer, staff.get(1), "100.01", ""));             // 7: INSUFFICIENT_FUNDS (rejected)
        items.add(item("same-ref", payer, staff.get(2), "1.00", ",\"externalReference\":\"E2E-0\"")); // 8: taken
        Http.Response submitted = submit(token, unique("batch"), items);
        assertEquals(202, submitted.status(), submitted.body().toString());
        String batchId = submitted.text("batchId");
        assertEquals("/v1/payment-batches/" + batchId, submitted.header("Location"));

        JsonNode batch = awaitDispatched(token, batchId);
        assertEquals(9, batch.get("itemCount").asInt());
        assertEquals(5, batch.get("items").get("SETTLED").asLong(), batch.toString());
        assertEquals(3, batch.get("items").get("REFUSED").asLong(), batch.toString());
        assertEquals(1, batch.get("items").get("REJECTED").asLong(), batch.toString());

        Map<String, String> reasons = new java.util.HashMap<>();
        http.get("/v1/payment-batches/" + batchId + "/items?limit=200", token).body().get("items").forEach(result ->
                reasons.put(result.get("idempotencyKey").asString(), result.get("status").asString() + " "
                        + (result.get("reason").isNull() ? "" : result.get("reason").asString())));
        assertEquals("REFUSED INVALID_AMOUNT", reasons.get("bad-amount"));
        assertEquals("REFUSED ACCOUNT_NOT_FOUND", reasons.get("not-mine"));
        assertEquals("REJECTED INSUFFICIENT_FUNDS", reasons.get("too-much"));
        assertEquals("REFUSED EXTERNAL_REFERENCE_TAKEN", reasons.get("same-ref"));
        assertEquals("SETTLED ", reasons.get("salary-3"));

        List<String> rejected = new ArrayList<>();
        http.get("/v1/payment-batches/" + batchId + "/items?status=REFUSED", token).body().get("items")
                .forEach(result -> rejected.add(result.get("itemNo").asString()));
        assertEquals(List.of("6", "7", "9"), rejected);

        // The same payments a single request with the item's key makes: one request answers as a replay.
        Http.Response single = http.post("/v1/payments", token, paymentBody(payer, staff.get(3), "10.00", "GBP")
                        .replace("}", ",\"externalReference\":\"E2E-3\",\"remittanceInfo\":\"salary November\"}"),
                Map.of("Idempotency-Key", "salary-3"));
        assertEquals("true", single.header("Idempotent-Replayed"), single.body().toString());
        assertBalances(payer, "50.00", "0.00", "0.00", "50.00");
        assertBalances(staff.get(4), "10.00", "0.00", "0.00", "10.00");
        // An item refused when sent rolled its chunk back whole; each item was then sent on its own, as a request is.
        assertEquals(6, initiatedIn(batchId).size(), "five salaries and the one rejected later");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode report = http.get("/v1/audit/integrity", Tokens.token("auditor", "compliance")).body();
            assertTrue(report.get("ok").asBoolean(), report.toString());
        });
    }

    @Test
    void aChunkOfItemsIsBookedInOneTransactionWithItsOutcomesAndItsLineage() {
        String bank = openSystem("GBP");
        String payer = openWallet("chunked", "GBP");
        List<String> staff = IntStream.range(0, 3).mapToObj(i -> openWallet("chunked-staff" + i, "GBP")).toList();
        fund(bank, payer, "100.00", "GBP");
        String token = Tokens.token("chunked", "wallet");
        List<String> items = IntStream.range(0, 30)
                .mapToObj(i -> item("pay-" + i, payer, staff.get(i % 3), "1.00", "")).toList();
        String batchId = submit(token, unique("batch"), items).text("batchId");

        JsonNode batch = awaitDispatched(token, batchId);
        assertEquals(30, batch.get("items").get("SETTLED").asLong(), batch.toString());
        List<String> initiated = initiatedIn(batchId);
        assertEquals(1, initiated.size(), "the thirty first events commit together: " + initiated);
        assertEquals(initiated, jdbc.queryForList("select distinct xmin::text from payment_batch_item where batch_id = ?",
                String.class, batchId), "the items' outcomes commit with their payments' first events");
        assertEquals(initiated, jdbc.queryForList("""
                select distinct xmin::text from audit_command
                 where command_type like '%InitiatePaymentCommand' and causation_id like ?""", String.class,
                "batch:" + batchId + "#%"), "and so does each command's lineage");
        assertEquals(30, jdbc.queryForObject("""
                select count(*) from audit_command where command_type like '%InitiatePaymentCommand' and causation_id like ?""",
                Integer.class, "batch:" + batchId + "#%"));
        assertBalances(payer, "70.00", "0.00", "0.00", "70.00");
        assertBalances(staff.get(0), "10.00", "0.00", "0.00", "10.00");
    }

    /** The transactions the batch's payments' first events committed in. */
    private List<String> initiatedIn(String batchId) {
        return jdbc.queryForList("""
                select distinct e.xmin::text from domain_event_entry e
                  join payment_batch_item i on i.payment_id = e.aggregate_identifier
                 where i.batch_id = ? and e.payload_type like '%PaymentInitiatedEvent'""", String.class, batchId);
    }

    @Test
    void theSameBatchAgainIsAReplayAndAnotherUnderItsKeyIsRefused() {
        String bank = openSystem("GBP");
        String payer = openWallet("payroll", "GBP");
        String payee = openWallet("staff", "GBP");
        fund(bank, payer, "100.00", "GBP");
        String token = Tokens.token("payroll", "wallet");
        String key = unique("batch");
        List<String> items = List.of(item("a", payer, payee, "1.00", ""), item("b", payer, payee, "2.00", ""));
        Http.Response first = submit(token, key, items);
        assertEquals(202, first.status(), first.body().toString());
        awaitDispatched(token, first.text("batchId"));
        Http.Response again = submit(token, key, items);
        assertEquals(200, again.status(), again.body().toString());
        assertEquals("true", again.header("Idempotent-Replayed"));
        assertEquals(first.text("batchId"), again.text("batchId"));
        Http.Response other = submit(token, key, List.of(item("a", payer, payee, "1.00", "")));
        assertEquals(422, other.status());
        assertEquals("IDEMPOTENCY_KEY_REUSED", other.code());
        assertBalances(payer, "97.00", "0.00", "0.00", "97.00");
    }

    @Autowired
    private com.github.kagkarlsson.scheduler.Scheduler scheduler;

    /**
     * A crash between sending items and recording that they were sent: the dispatch runs again, sends them again,
     * and they land on their own payments as replays. Nothing is booked twice.
     */
    @Test
    void aDispatchThatRunsAgainSendsUnrecordedItemsAgainAndBooksNothingTwice() {
        String bank = openSystem("GBP");
        String payer = openWallet("payroll", "GBP");
        String payee = openWallet("staff", "GBP");
        fund(bank, payer, "100.00", "GBP");
        String token = Tokens.token("payroll", "wallet");
        Http.Response submitted = submit(token, unique("batch"), List.of(item("r1", payer, payee, "1.00", ""),
                item("r2", payer, payee, "2.00", ",\"externalReference\":\"" + unique("E2E") + "\""),
                item("r3", payer, payee, "3.00", "")));
        String batchId = submitted.text("batchId");
        awaitDispatched(token, batchId);
        assertBalances(payer, "94.00", "0.00", "0.00", "94.00");

        jdbc.update("update payment_batch_item set outcome = 'QUEUED' where batch_id = ? and item_no >= 2", batchId);
        jdbc.update("update payment_batch set status = 'DISPATCHING', dispatched_at = null where batch_id = ?", batchId);
        scheduler.schedule(PaymentBatchRunner.TASK.instance(batchId).scheduledTo(java.time.Instant.now()));

        JsonNode batch = awaitDispatched(token, batchId);
        assertEquals(3, batch.get("items").get("SETTLED").asLong(), batch.toString());
        assertBalances(payer, "94.00", "0.00", "0.00", "94.00");
        assertBalances(payee, "6.00", "0.00", "0.00", "6.00");
        for (JsonNode item : http.get("/v1/payment-batches/" + batchId + "/items", token).body().get("items")) {
            assertEquals(1, jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ? "
                    + "and payload_type like '%PaymentInitiatedEvent'", Integer.class, item.get("paymentId").asString()));
        }
    }

    @Test
    void aBatchIsItsItemsLineageRootInTheAuditTrail() {
        String bank = openSystem("GBP");
        String payer = openWallet("payroll", "GBP");
        String payee = openWallet("staff", "GBP");
        fund(bank, payer, "10.00", "GBP");
        String correlationId = unique("file");
        Http.Response submitted = http.post("/v1/payment-batches", Tokens.token("payroll", "wallet"),
                "{\"items\":[" + item("x1", payer, payee, "1.00", "") + "," + item("x2", payer, payee, "2.00", "") + "]}",
                Map.of("Idempotency-Key", unique("batch"), "X-Correlation-Id", correlationId));
        assertEquals(202, submitted.status());
        awaitDispatched(Tokens.token("payroll", "wallet"), submitted.text("batchId"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode trace = http.get("/v1/audit/trace/" + correlationId, Tokens.token("auditor", "compliance")).body();
            String text = trace.toString();
            assertTrue(text.contains("PaymentBatchSubmittedEvent"), text);
            assertEquals(2, text.split("InitiatePaymentCommand", -1).length - 1, text);
            assertTrue(text.contains("batch:" + submitted.text("batchId") + "#1"), "each command names its item: " + text);
            assertEquals(2, text.split("PaymentSettledEvent", -1).length - 1, text);
        });
    }

    @Test
    void whoMaySeeABatchAndWhatABatchMayBe() {
        String payer = openWallet("payroll", "GBP");
        String payee = openWallet("staff", "GBP");
        String token = Tokens.token("payroll", "wallet");
        Http.Response submitted = submit(token, unique("batch"), List.of(item("only", payer, payee, "1.00", "")));
        String batchId = submitted.text("batchId");
        assertEquals(404, http.get("/v1/payment-batches/" + batchId, Tokens.token("mallory", "wallet")).status());
        assertEquals(404, http.get("/v1/payment-batches/" + batchId + "/items", Tokens.token("mallory", "wallet")).status());
        assertEquals(200, http.get("/v1/payment-batches/" + batchId, BACKOFFICE).status());
        assertEquals("BATCH_NOT_FOUND", http.get("/v1/payment-batches/nonsense", BACKOFFICE).code());
        assertEquals(403, submit(BACKOFFICE, unique("batch"), List.of(item("x", payer, payee, "1.00", ""))).status());

        for (String bad : List.of("{\"items\":[]}", "{}",
                "{\"items\":[" + item("dup", payer, payee, "1.00", "") + "," + item("dup", payer, payee, "2.00", "") + "]}",
                "{\"items\":[" + item("bad key!", payer, payee, "1.00", "") + "]}",
                "{\"items\":[null]}")) {
            Http.Response refused = http.post("/v1/payment-batches", token, bad, Map.of("Idempotency-Key", unique("batch")));
            assertEquals(400, refused.status(), bad + " " + refused.body());
        }
        assertEquals(400, http.post("/v1/payment-batches", token, "{\"items\":[" + item("x", payer, payee, "1.00", "") + "]}").status(),
                "the batch needs its own Idempotency-Key");
        String tooMany = IntStream.range(0, 10_001).mapToObj(i -> item("k" + i, payer, payee, "1.00", ""))
                .collect(Collectors.joining(","));
        Http.Response refused = http.post("/v1/payment-batches", token, "{\"items\":[" + tooMany + "]}",
                Map.of("Idempotency-Key", unique("batch")));
        assertEquals(400, refused.status(), refused.body().toString());
        assertFalse(refused.body().toString().contains("k10000"));
        assertEquals(400, http.get("/v1/payment-batches/" + batchId + "/items?status=LOST", token).status());
    }

    @Test
    void anAtomicBatchSettlesEveryItemTogether() {
        String bank = openSystem("GBP");
        String owner = unique("atomic");
        String payer = openWallet(owner, "GBP");
        List<String> payees = IntStream.range(0, 3).mapToObj(i -> openWallet("atomic-payee", "GBP")).toList();
        fund(bank, payer, "100.00", "GBP");
        String token = Tokens.token(owner, "wallet");
        List<String> items = IntStream.range(0, 3).mapToObj(i -> item("all-" + i, payer, payees.get(i), "30.00", ""))
                .toList();
        Http.Response submitted = http.post("/v1/payment-batches", token, "{\"atomic\":true,\"items\":["
                + String.join(",", items) + "]}", Map.of("Idempotency-Key", unique("atomic")));
        assertEquals(202, submitted.status(), submitted.body().toString());
        String batchId = submitted.text("batchId");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode batch = http.get("/v1/payment-batches/" + batchId, token).body();
            assertEquals("SETTLED", batch.get("outcome").asString(), batch + " "
                    + http.get("/v1/payment-batches/" + batchId + "/items", token).body());
            // The outcome is the saga's, recorded once its captures are stored; the items' statuses are the read
            // model's and may follow a moment later: a missing count is waited for, not a failure.
            assertEquals(3, batch.get("items").path("SETTLED").asLong(), batch.toString());
        });
        assertBalances(payer, "10.00", "0.00", "0.00", "10.00");
        payees.forEach(payee -> assertBalances(payee, "30.00", "0.00", "0.00", "30.00"));
    }

    @Test
    void anAtomicBatchWithOneFailingItemSettlesNoneAndNamesTheItem() {
        String bank = openSystem("GBP");
        String owner = unique("atomic-fail");
        String payer = openWallet(owner, "GBP");
        List<String> payees = IntStream.range(0, 4).mapToObj(i -> openWallet("atomic-fail-payee", "GBP")).toList();
        fund(bank, payer, "100.00", "GBP");
        String token = Tokens.token(owner, "wallet");
        // The third asks for more than the account holds, whatever was held before it; the others are voided.
        List<String> items = List.of(item("a", payer, payees.get(0), "40.00", ""),
                item("b", payer, payees.get(1), "30.00", ""), item("c", payer, payees.get(2), "150.00", ""),
                item("d", payer, payees.get(3), "5.00", ""));
        Http.Response submitted = http.post("/v1/payment-batches", token, "{\"atomic\":true,\"items\":["
                + String.join(",", items) + "]}", Map.of("Idempotency-Key", unique("atomic")));
        assertEquals(202, submitted.status(), submitted.body().toString());
        String batchId = submitted.text("batchId");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode batch = http.get("/v1/payment-batches/" + batchId, token).body();
            assertEquals("FAILED", batch.get("outcome").asString(), batch.toString());
            assertNull(batch.get("items").get("AUTHORIZED"), batch.toString());
            assertNull(batch.get("items").get("PENDING"), batch.toString());
            assertEquals(3, batch.get("items").get("VOIDED").asLong(), batch.toString());
        });
        JsonNode failure = http.get("/v1/payment-batches/" + batchId, token).body().get("firstFailure");
        assertEquals(3, failure.get("itemNo").asInt(), failure.toString());
        assertEquals("REJECTED", failure.get("status").asString());
        assertEquals("INSUFFICIENT_FUNDS", failure.get("reason").asString());
        assertBalances(payer, "100.00", "0.00", "0.00", "100.00");
        payees.forEach(payee -> assertBalances(payee, "0.00", "0.00", "0.00", "0.00"));

        // Only the batch ends its items: neither the creditor nor the back office may capture or void one.
        String voided = http.get("/v1/payment-batches/" + batchId + "/items", token).body().get("items").get(0)
                .get("paymentId").asString();
        Http.Response capture = http.post("/v1/payments/" + voided + "/capture", BACKOFFICE, null,
                Map.of("Idempotency-Key", unique("capture")));
        assertEquals(409, capture.status(), capture.body().toString());
        assertEquals("PAYMENT_IN_ATOMIC_BATCH", capture.code());
    }

    @Test
    void anAtomicBatchWithAnItemRefusedAtSubmissionSendsNothing() {
        String bank = openSystem("GBP");
        String owner = unique("atomic-refused");
        String payer = openWallet(owner, "GBP");
        String payee = openWallet("atomic-refused-payee", "GBP");
        fund(bank, payer, "100.00", "GBP");
        String token = Tokens.token(owner, "wallet");
        Http.Response submitted = http.post("/v1/payment-batches", token, "{\"atomic\":true,\"items\":["
                + item("ok", payer, payee, "1.00", "") + "," + item("bad", payer, payee, "1.001", "") + "]}",
                Map.of("Idempotency-Key", unique("atomic")));
        assertEquals(202, submitted.status(), submitted.body().toString());
        JsonNode batch = http.get("/v1/payment-batches/" + submitted.text("batchId"), token).body();
        assertEquals("FAILED", batch.get("outcome").asString(), batch.toString());
        assertEquals("DISPATCHED", batch.get("status").asString());
        assertEquals("bad", batch.get("firstFailure").get("idempotencyKey").asString());
        assertEquals("INVALID_AMOUNT", batch.get("firstFailure").get("reason").asString());
        assertEquals(1, batch.get("items").get("CANCELLED").asLong(), batch.toString());
        assertBalances(payer, "100.00", "0.00", "0.00", "100.00");
        // Authorizations have no place in an atomic batch: the batch settles its items itself.
        Http.Response manual = http.post("/v1/payment-batches", token, "{\"atomic\":true,\"items\":["
                + item("m", payer, payee, "1.00", ",\"capture\":\"MANUAL\"") + "]}",
                Map.of("Idempotency-Key", unique("atomic")));
        assertEquals(400, manual.status(), manual.body().toString());
    }

    @Test
    void anAtomicBatchWhoseItemIsRefusedWhenSentVoidsTheOthersAndEnds() {
        String bank = openSystem("GBP");
        String owner = unique("atomic-taken");
        String payer = openWallet(owner, "GBP");
        String payee = openWallet(owner + "-payee", "GBP");
        fund(bank, payer, "100.00", "GBP");
        String token = Tokens.token(owner, "wallet");
        // The reference is taken by an earlier payment: the second item is refused when it is sent.
        Http.Response earlier = http.post("/v1/payments", token, paymentBody(payer, payee, "1.00", "GBP")
                .replace("}", ",\"externalReference\":\"INV-1\"}"), Map.of("Idempotency-Key", unique("k"), "Prefer", "wait=10"));
        assertEquals(201, earlier.status(), earlier.body().toString());
        Http.Response submitted = http.post("/v1/payment-batches", token, "{\"atomic\":true,\"items\":["
                + item("x", payer, payee, "10.00", "") + "," + item("y", payer, payee, "10.00", ",\"externalReference\":\"INV-1\"")
                + "," + item("z", payer, payee, "10.00", "") + "]}", Map.of("Idempotency-Key", unique("atomic")));
        assertEquals(202, submitted.status(), submitted.body().toString());
        String batchId = submitted.text("batchId");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode batch = http.get("/v1/payment-batches/" + batchId, token).body();
            assertEquals("FAILED", batch.get("outcome").asString(), batch.toString());
            assertEquals("EXTERNAL_REFERENCE_TAKEN", batch.get("firstFailure").get("reason").asString(), batch.toString());
            assertNull(batch.get("items").get("AUTHORIZED"), batch.toString());
            assertNull(batch.get("items").get("PENDING"), batch.toString());
            assertEquals(0L, jdbc.queryForObject("select count(*) from association_value_entry where association_value = ?",
                    Long.class, batchId), "the saga ended");
        });
        assertBalances(payer, "99.00", "0.00", "0.00", "99.00");
    }
}
