package io.ledger.api.it;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A payment's external reference (unique per debtor account) and metadata (issue 20): accepted, shown, searched,
 * kept unique under concurrency, part of idempotency, refused clearly when malformed, and nothing booked then.
 */
class PaymentReferencesIT extends LedgerIT {

    private Http.Response payWith(String owner, String key, String debtor, String creditor, String amount,
                                  String references) {
        return http.post("/v1/payments", Tokens.token(owner, "wallet"), "{\"debtorAccount\":\"" + debtor
                + "\",\"creditorAccount\":\"" + creditor + "\",\"amount\":\"" + amount + "\",\"currency\":\"EUR\""
                + references + "}", Map.of("Idempotency-Key", key, "Prefer", "wait=10"));
    }

    private List<String> found(String token, String query) {
        Http.Response page = http.get("/v1/payments?" + query, token);
        assertEquals(200, page.status(), page.body().toString());
        List<String> ids = new ArrayList<>();
        page.body().get("items").forEach(item -> ids.add(item.get("paymentId").asString()));
        return ids;
    }

    @Test
    void aPaymentCarriesItsReferenceAndMetadataAndIsFoundByThem() {
        String bank = openSystem("EUR");
        String ann = openWallet("ann", "EUR");
        String ben = openWallet("ben", "EUR");
        fund(bank, ann, "100.00", "EUR");
        String reference = unique("E2E");
        Http.Response paid = payWith("ann", unique("k"), ann, ben, "10.00",
                ",\"externalReference\":\"" + reference + "\",\"metadata\":{\"invoice\":\"INV-42\",\"team\":\"north\"}");
        assertEquals(201, paid.status(), paid.body().toString());
        assertEquals(reference, paid.text("externalReference"));
        assertEquals("INV-42", paid.body().get("metadata").get("invoice").asString());
        String id = paid.text("paymentId");
        assertEquals("north", http.get("/v1/payments/" + id, BACKOFFICE).body().get("metadata").get("team").asString());

        assertEquals(List.of(id), found(BACKOFFICE, "externalReference=" + reference));
        assertEquals(List.of(id), found(BACKOFFICE, "metadata=invoice:INV-42&metadata=team:north&account=" + ann));
        assertEquals(List.of(), found(BACKOFFICE, "metadata=invoice:INV-42&metadata=team:south&account=" + ann));
        assertEquals(List.of(id), found(Tokens.token("ben", "wallet"), "externalReference=" + reference),
                "the creditor is party to it");
        assertEquals(List.of(), found(Tokens.token("mallory", "wallet"), "externalReference=" + reference),
                "a stranger finds nothing by reference");

        String stored = String.join("", jdbc.queryForList(
                "select convert_from(payload, 'UTF8') from domain_event_entry where aggregate_identifier = ?",
                String.class, id));
        assertTrue(stored.contains(reference), "the reference is an identifier, kept in clear");
        assertFalse(stored.contains("INV-42"), "metadata may say anything: it is sealed like remittance texts");
    }

    @Test
    void paymentsAreFoundByWhenTheyWereCreated() {
        String bank = openSystem("EUR");
        String ann = openWallet("ann", "EUR");
        fund(bank, ann, "10.00", "EUR");
        String funded = http.get("/v1/payments?account=" + ann, BACKOFFICE).body().get("items").get(0).get("paymentId").asString();
        java.time.Instant created = java.time.Instant.parse(http.get("/v1/payments/" + funded, BACKOFFICE).text("createdAt"));
        String base = "/v1/payments?account=" + ann;
        assertEquals(1, http.get(base + "&from=" + created + "&to=" + created.plusMillis(1), BACKOFFICE).body()
                .get("items").size(), "from is inclusive");
        assertEquals(0, http.get(base + "&to=" + created, BACKOFFICE).body().get("items").size(), "to is exclusive");
        assertEquals(0, http.get(base + "&from=" + created.plusMillis(1), BACKOFFICE).body().get("items").size());
        Http.Response backwards = http.get(base + "&from=" + created + "&to=" + created, BACKOFFICE);
        assertEquals(400, backwards.status());
        assertEquals("VALIDATION_FAILED", backwards.code());
        assertEquals(400, http.get(base + "&from=today", BACKOFFICE).status());
    }

    @Test
    void aReferenceIsUsedOncePerDebtorAccountAndASecondUseBooksNothing() {
        String bank = openSystem("EUR");
        String ann = openWallet("ann", "EUR");
        String ann2 = openWallet("ann", "EUR");
        String ben = openWallet("ben", "EUR");
        fund(bank, ann, "100.00", "EUR");
        fund(bank, ann2, "100.00", "EUR");
        String reference = unique("E2E");
        String first = payWith("ann", unique("k"), ann, ben, "10.00", ",\"externalReference\":\"" + reference + "\"")
                .text("paymentId");

        Http.Response taken = payWith("ann", unique("k"), ann, ben, "11.00", ",\"externalReference\":\"" + reference + "\"");
        assertEquals(409, taken.status(), taken.body().toString());
        assertEquals("EXTERNAL_REFERENCE_TAKEN", taken.code());
        assertTrue(taken.text("detail").contains(first), taken.body().toString());
        assertBalances(ann, "90.00", "0.00", "0.00", "90.00");
        assertEquals(List.of(first), found(BACKOFFICE, "externalReference=" + reference));

        Http.Response otherAccount = payWith("ann", unique("k"), ann2, ben, "12.00",
                ",\"externalReference\":\"" + reference + "\"");
        assertEquals(201, otherAccount.status(), "unique per debtor account, not across accounts");
    }

    @Test
    void theReferenceAndMetadataArePartOfTheRequestAnIdempotencyKeyStandsFor() {
        String bank = openSystem("EUR");
        String ann = openWallet("ann", "EUR");
        String ben = openWallet("ben", "EUR");
        fund(bank, ann, "100.00", "EUR");
        String key = unique("k");
        String reference = unique("E2E");
        String body = ",\"externalReference\":\"" + reference + "\",\"metadata\":{\"a\":\"1\",\"b\":\"2\"}";
        Http.Response first = payWith("ann", key, ann, ben, "10.00", body);
        assertEquals(201, first.status(), first.body().toString());
        Http.Response replay = payWith("ann", key, ann, ben, "10.00",
                ",\"metadata\":{\"b\":\"2\",\"a\":\"1\"},\"externalReference\":\"" + reference + "\"");
        assertEquals("true", replay.header("Idempotent-Replayed"), replay.body().toString());
        assertEquals(first.text("paymentId"), replay.text("paymentId"));
        for (String other : List.of(",\"externalReference\":\"" + reference + "-x\"", ",\"metadata\":{\"a\":\"1\"}", "")) {
            Http.Response changed = payWith("ann", key, ann, ben, "10.00", other);
            assertEquals(422, changed.status(), other + " " + changed.body());
            assertEquals("IDEMPOTENCY_KEY_REUSED", changed.code());
        }
        assertBalances(ann, "90.00", "0.00", "0.00", "90.00");
    }

    @Test
    void concurrentRequestsWithOneReferenceBookExactlyOne() throws Exception {
        String bank = openSystem("EUR");
        String ann = openWallet("ann", "EUR");
        String ben = openWallet("ben", "EUR");
        fund(bank, ann, "100.00", "EUR");
        String reference = unique("E2E");
        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String key = unique("k");
            answers.add(pool.submit(() -> {
                start.await();
                return payWith("ann", key, ann, ben, "5.00", ",\"externalReference\":\"" + reference + "\"").status();
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> answer : answers) {
            statuses.add(answer.get());
        }
        pool.shutdown();
        assertEquals(Map.of(201, 1L, 409, 9L), statuses.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting())),
                statuses.toString());
        assertBalances(ann, "95.00", "0.00", "0.00", "95.00");
        assertEquals(1, found(BACKOFFICE, "externalReference=" + reference).size());
    }

    @Test
    void malformedReferencesAndMetadataAreRefusedAndNothingIsBooked() {
        String bank = openSystem("EUR");
        String ann = openWallet("ann", "EUR");
        String ben = openWallet("ben", "EUR");
        fund(bank, ann, "100.00", "EUR");
        String seventeen = IntStream.range(0, 17).mapToObj(i -> "\"k" + i + "\":\"v\"").collect(Collectors.joining(","));
        for (String bad : List.of(
                ",\"externalReference\":\"" + "r".repeat(65) + "\"",
                ",\"externalReference\":\" padded\"",
                ",\"externalReference\":\"\"",
                ",\"externalReference\":\"tab\\there\"",
                ",\"metadata\":{\"n\":42}",
                ",\"metadata\":{\"n\":null}",
                ",\"metadata\":{\"n\":{\"deep\":\"x\"}}",
                ",\"metadata\":{\"bad key\":\"v\"}",
                ",\"metadata\":{\"k\":\"" + "v".repeat(257) + "\"}",
                ",\"metadata\":{" + seventeen + "}")) {
            Http.Response refused = payWith("ann", unique("k"), ann, ben, "1.00", bad);
            assertEquals(400, refused.status(), bad + " " + refused.body());
            assertEquals("VALIDATION_FAILED", refused.code(), bad);
        }
        assertEquals(400, http.get("/v1/payments?metadata=nocolon", BACKOFFICE).status());
        assertBalances(ann, "100.00", "0.00", "0.00", "100.00");
    }
}
