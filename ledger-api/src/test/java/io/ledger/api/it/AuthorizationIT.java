package io.ledger.api.it;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two-phase payments over HTTP against real PostgreSQL: authorize, then capture (all or part), void or let
 * it expire; balances and statements checked at each step, refusals by code, and a capture racing its
 * expiry ending exactly one way with the hold moved once.
 */
class AuthorizationIT extends LedgerIT {

    private static final String MERCHANT = "shop";

    private String openMerchant() {
        String id = unique("shop");
        Http.Response opened = open(ADMIN, id, MERCHANT, "USD", "MERCHANT");
        assertEquals(201, opened.status(), opened.body().toString());
        return id;
    }

    private Http.Response authorize(String owner, String debtor, String creditor, String amount, String ttl) {
        String body = "{\"debtorAccount\":\"" + debtor + "\",\"creditorAccount\":\"" + creditor + "\",\"amount\":\""
                + amount + "\",\"currency\":\"USD\",\"capture\":\"MANUAL\"" + (ttl == null ? "" : ",\"authorizationTtl\":\"" + ttl + "\"") + "}";
        return http.post("/v1/payments", Tokens.token(owner, "wallet"), body,
                Map.of("Idempotency-Key", unique("auth"), "Prefer", "wait=10"));
    }

    private Http.Response capture(String token, String paymentId, String amount, String key) {
        return http.post("/v1/payments/" + paymentId + "/capture", token,
                amount == null ? null : "{\"amount\":\"" + amount + "\"}", Map.of("Idempotency-Key", key, "Prefer", "wait=10"));
    }

    private Http.Response voidIt(String token, String paymentId, String key) {
        return http.post("/v1/payments/" + paymentId + "/void", token, null, Map.of("Idempotency-Key", key, "Prefer", "wait=10"));
    }

    /** Found in session 16: a reversal moved back the authorized amount, not the captured one. */
    @Test
    void reversingAPartCaptureMovesBackWhatWasCaptured() {
        String bank = openSystem("USD");
        String payer = unique("payer");
        String wallet = openWallet(payer, "USD");
        String shop = openMerchant();
        fund(bank, wallet, "100.00", "USD");
        String paymentId = authorize(payer, wallet, shop, "60.00", null).text("paymentId");
        assertEquals("SETTLED", capture(Tokens.token(MERCHANT, "wallet"), paymentId, "45.00", unique("cap")).text("status"));
        assertBalances(wallet, "55.00", "0.00", "0.00", "55.00");

        Http.Response reversal = http.post("/v1/payments/" + paymentId + "/reversal", BACKOFFICE, null,
                Map.of("Idempotency-Key", unique("rev"), "Prefer", "wait=10"));
        assertEquals(201, reversal.status(), reversal.body().toString());
        assertEquals("SETTLED", reversal.text("status"));
        assertEquals("45.00", reversal.text("amount"));
        assertBalances(wallet, "100.00", "0.00", "0.00", "100.00");
        assertBalances(shop, "0.00", "0.00", "0.00", "0.00");
    }

    @Test
    void authorizeThenCaptureInPartPostsTheCaptureAndReleasesTheRest() {
        String bank = openSystem("USD");
        String alice = openWallet("alice", "USD");
        String shop = openMerchant();
        fund(bank, alice, "100.00", "USD");

        Http.Response authorized = authorize("alice", alice, shop, "60.00", null);
        assertEquals(201, authorized.status(), authorized.body().toString());
        assertEquals("AUTHORIZED", authorized.text("status"));
        assertEquals("MANUAL", authorized.text("capture"));
        Instant expiresAt = Instant.parse(authorized.text("expiresAt"));
        assertTrue(Duration.between(Instant.now(), expiresAt).compareTo(Duration.ofDays(7).minusMinutes(1)) > 0,
                "the default time to live: " + expiresAt);
        String paymentId = authorized.text("paymentId");
        assertBalances(alice, "100.00", "60.00", "0.00", "40.00");
        assertBalances(shop, "0.00", "0.00", "60.00", "0.00");
        await().untilAsserted(() -> assertEquals(List.of("DEBIT 60.00 PENDING"), entries(alice, paymentId)));

        String merchant = Tokens.token(MERCHANT, "wallet");
        Http.Response captured = capture(merchant, paymentId, "45.00", "cap-1");
        assertEquals(200, captured.status(), captured.body().toString());
        assertEquals("SETTLED", captured.text("status"));
        assertEquals("45.00", captured.text("capturedAmount"));
        assertEquals("60.00", captured.text("amount"), "the authorized amount stays on the payment");
        assertBalances(alice, "55.00", "0.00", "0.00", "55.00");
        assertBalances(shop, "45.00", "0.00", "0.00", "45.00");
        assertEquals(List.of("DEBIT 45.00 POSTED"), entries(alice, paymentId));
        assertEquals(List.of("CREDIT 45.00 POSTED"), entries(shop, paymentId));

        Http.Response again = capture(merchant, paymentId, "45.00", "cap-1");
        assertEquals(200, again.status());
        assertEquals("true", again.header("Idempotent-Replayed"));
        Http.Response second = capture(merchant, paymentId, "10.00", "cap-2");
        assertEquals(409, second.status());
        assertEquals("PAYMENT_NOT_AUTHORIZED", second.code());
        assertBalances(alice, "55.00", "0.00", "0.00", "55.00");
    }

    @Test
    void authorizeThenVoidReleasesBothHolds() {
        String bank = openSystem("USD");
        String bob = openWallet("bob", "USD");
        String shop = openMerchant();
        fund(bank, bob, "50.00", "USD");
        String paymentId = authorize("bob", bob, shop, "50.00", "PT1H").text("paymentId");
        assertBalances(bob, "50.00", "50.00", "0.00", "0.00");
        Http.Response spend = pay(Tokens.token("bob", "wallet"), unique("k"), bob, shop, "1.00", "USD");
        assertEquals("REJECTED", spend.text("status"), "the held funds are not available");
        assertEquals("INSUFFICIENT_FUNDS", spend.text("rejectionReason"));

        Http.Response voided = voidIt(BACKOFFICE, paymentId, "void-1");
        assertEquals(200, voided.status(), voided.body().toString());
        assertEquals("VOIDED", voided.text("status"));
        assertBalances(bob, "50.00", "0.00", "0.00", "50.00");
        assertBalances(shop, "0.00", "0.00", "0.00", "0.00");
        assertEquals(List.of("DEBIT 50.00 RELEASED"), entries(bob, paymentId));

        Http.Response late = capture(Tokens.token(MERCHANT, "wallet"), paymentId, null, "cap-1");
        assertEquals(409, late.status());
        assertEquals("PAYMENT_NOT_AUTHORIZED", late.code());
        assertEquals("true", voidIt(BACKOFFICE, paymentId, "void-1").header("Idempotent-Replayed"));
    }

    @Test
    void anUncapturedAuthorizationExpiresAndItsHoldIsReleased() {
        String bank = openSystem("USD");
        String carol = openWallet("carol", "USD");
        String shop = openMerchant();
        fund(bank, carol, "30.00", "USD");
        Http.Response authorized = authorize("carol", carol, shop, "30.00", "PT2S");
        String paymentId = authorized.text("paymentId");
        assertNotNull(authorized.text("expiresAt"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertEquals("EXPIRED", http.get("/v1/payments/" + paymentId, BACKOFFICE).text("status")));
        assertBalances(carol, "30.00", "0.00", "0.00", "30.00");
        assertBalances(shop, "0.00", "0.00", "0.00", "0.00");
        assertEquals(List.of("DEBIT 30.00 RELEASED"), entries(carol, paymentId));
        Http.Response late = capture(Tokens.token(MERCHANT, "wallet"), paymentId, null, "cap-1");
        assertEquals(409, late.status());
        assertEquals("PAYMENT_NOT_AUTHORIZED", late.code());
    }

    @Test
    void onlyTheMerchantOrTheBackOfficeEndsAnAuthorizationAndBadRequestsAreRefused() {
        String bank = openSystem("USD");
        String dave = openWallet("dave", "USD");
        String shop = openMerchant();
        fund(bank, dave, "20.00", "USD");
        String paymentId = authorize("dave", dave, shop, "20.00", null).text("paymentId");

        assertEquals(404, capture(Tokens.token("mallory", "wallet"), paymentId, null, "k1").status(), "a stranger");
        assertEquals(404, capture(Tokens.token("dave", "wallet"), paymentId, null, "k1").status(), "the debtor");
        assertEquals(404, voidIt(Tokens.token("dave", "wallet"), paymentId, "k1").status(), "the debtor");
        assertEquals(403, capture(ADMIN, paymentId, null, "k1").status(), "admin does not capture");
        Http.Response over = capture(Tokens.token(MERCHANT, "wallet"), paymentId, "20.01", "k1");
        assertEquals(422, over.status());
        assertEquals("CAPTURE_EXCEEDS_AUTHORIZATION", over.code());
        Http.Response noKey = http.post("/v1/payments/" + paymentId + "/capture", Tokens.token(MERCHANT, "wallet"), null);
        assertEquals(400, noKey.status());
        assertBalances(dave, "20.00", "20.00", "0.00", "0.00");

        String wallet = Tokens.token("dave", "wallet");
        String tooLong = "{\"debtorAccount\":\"" + dave + "\",\"creditorAccount\":\"" + shop
                + "\",\"amount\":\"1.00\",\"currency\":\"USD\",\"capture\":\"MANUAL\",\"authorizationTtl\":\"P90D\"}";
        assertEquals(400, http.post("/v1/payments", wallet, tooLong, Map.of("Idempotency-Key", unique("k"))).status());
        String ttlWithoutManual = "{\"debtorAccount\":\"" + dave + "\",\"creditorAccount\":\"" + shop
                + "\",\"amount\":\"1.00\",\"currency\":\"USD\",\"authorizationTtl\":\"PT1H\"}";
        assertEquals(400, http.post("/v1/payments", wallet, ttlWithoutManual, Map.of("Idempotency-Key", unique("k"))).status());
        Http.Response unfunded = authorize("dave", dave, shop, "0.01", null);
        assertEquals("REJECTED", unfunded.text("status"), "nothing left to hold");
        assertEquals("INSUFFICIENT_FUNDS", unfunded.text("rejectionReason"));
    }

    @Test
    void aCaptureRacingTheExpiryEndsOneWayAndMovesTheHoldOnce() throws Exception {
        String bank = openSystem("USD");
        String erin = openWallet("erin", "USD");
        String shop = openMerchant();
        fund(bank, erin, "100.00", "USD");
        List<String> payments = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            payments.add(authorize("erin", erin, shop, "10.00", "PT3S").text("paymentId"));
        }
        Instant expiry = Instant.parse(http.get("/v1/payments/" + payments.get(payments.size() - 1), BACKOFFICE).text("expiresAt"));
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiry).toMillis() - 300));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Http.Response>> captures = new ArrayList<>();
        for (String paymentId : payments) {
            captures.add(pool.submit(() -> new Http(port).post("/v1/payments/" + paymentId + "/capture",
                    Tokens.token(MERCHANT, "wallet"), null, Map.of("Idempotency-Key", "race", "Prefer", "wait=10"))));
        }
        for (Future<Http.Response> capture : captures) {
            int status = capture.get().status();
            assertTrue(status == 200 || status == 409, "captured, or refused because it expired first: " + status);
        }
        pool.shutdown();
        await().atMost(Duration.ofSeconds(20)).until(() -> payments.stream().allMatch(id ->
                List.of("SETTLED", "EXPIRED").contains(http.get("/v1/payments/" + id, BACKOFFICE).text("status"))));
        long settled = payments.stream().filter(id -> "SETTLED".equals(http.get("/v1/payments/" + id, BACKOFFICE).text("status"))).count();
        String posted = String.format("%d.00", 100 - 10 * settled);
        assertBalances(erin, posted, "0.00", "0.00", posted);
        assertBalances(shop, String.format("%d.00", 10 * settled), "0.00", "0.00", String.format("%d.00", 10 * settled));
        for (String paymentId : payments) {
            assertEquals(1L, jdbc.queryForObject("select count(*) from domain_event_entry where payload_type similar to "
                    + "'%(DebitPosted|DebitReleased)Event' and convert_from(payload, 'UTF8') like ?", Long.class, "%" + paymentId + "%"),
                    "the debtor's hold moved once: " + paymentId);
        }
    }
}
