package io.ledger.api.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Risk rules and the review queue over HTTP against real PostgreSQL (issue 21, ADR 0026): published by the back
 * office as versions, decided in the settlement, DENY rejecting, REVIEW holding the funds until an analyst approves
 * or declines, and a payment judged by the version it arrived under. The rules here list this test's own payees
 * only, and every test ends by publishing a version without rules: the other tests share this database.
 */
class RiskReviewIT extends LedgerIT {

    @AfterEach
    void noRulesAfter() {
        assertEquals(200, http.put("/v1/risk/rules", BACKOFFICE, "{\"rules\":[]}").status());
    }

    private int publish(String rulesJson) {
        Http.Response published = http.put("/v1/risk/rules", BACKOFFICE, "{\"rules\":" + rulesJson + "}");
        assertEquals(200, published.status(), published.body().toString());
        return published.body().get("version").asInt();
    }

    /** A wallet holding 100.00 USD, its owner's token, and a fresh payee. */
    private record Payer(String wallet, String token, String payee) {
    }

    private Payer payerWith100(String payeePrefix) {
        String owner = unique("payer");
        String wallet = openWallet(owner, "USD");
        fund(openSystem("USD"), wallet, "100.00", "USD");
        return new Payer(wallet, Tokens.token(owner, "wallet"), openWallet(unique(payeePrefix), "USD"));
    }

    private static String listed(String name, String outcome, String account) {
        return """
                {"name":"%s","kind":"COUNTERPARTY_LISTED","outcome":"%s","counterparties":["%s"]}""".formatted(name, outcome, account);
    }

    /**
     * A payout is money leaving the ledger: its hold is judged like a payment's debit, by the version it arrived under
     * (ADR 0032, 0033). DENY refuses it with nothing held; REVIEW holds it IN_REVIEW until an analyst approves (it is
     * instructed) or declines (RISK_DECLINED, the hold released). The rules are amounts in RON, a currency no other test
     * pays in.
     */
    @Test
    void aPayoutIsJudgedByTheRulesAndAReviewedOneWaitsForAnAnalyst() {
        String clearing = unique("nostro-ron");
        assertEquals(201, open(ADMIN, clearing, "house-bank", "RON", "CLEARING").status());
        String owner = unique("payer");
        String wallet = openWallet(owner, "RON");
        fund(openSystem("RON"), wallet, "100.00", "RON");
        String token = Tokens.token(owner, "wallet");
        int version = publish("""
                [{"name":"ron-over-50","kind":"AMOUNT_OVER","outcome":"DENY","amount":"50.00","currency":"RON"},
                 {"name":"ron-over-20","kind":"AMOUNT_OVER","outcome":"REVIEW","amount":"20.00","currency":"RON"}]""");

        Http.Response denied = payOut(token, wallet, "60.00");
        assertEquals("REJECTED", denied.text("status"), denied.body().toString());
        assertEquals("RISK_DENIED", denied.text("rejectionReason"));
        assertBalances(wallet, "100.00", "0.00", "0.00", "100.00");

        // Two held for review: their funds held, listed for the back office with the rule that held them.
        Http.Response approved = payOut(token, wallet, "30.00");
        Http.Response declined = payOut(token, wallet, "25.00");
        for (Http.Response held : java.util.List.of(approved, declined)) {
            assertEquals("IN_REVIEW", held.text("status"), held.body().toString());
        }
        assertBalances(wallet, "100.00", "55.00", "0.00", "45.00");
        JsonNode queue = http.get("/v1/payouts?status=IN_REVIEW&limit=200", BACKOFFICE).body().get("items");
        JsonNode listed = java.util.stream.StreamSupport.stream(queue.spliterator(), false)
                .filter(p -> p.get("payoutId").asString().equals(approved.text("payoutId"))).findFirst().orElseThrow();
        assertEquals(version, listed.get("risk").get("ruleSetVersion").asInt(), listed.toString());
        assertEquals("ron-over-20", listed.get("risk").get("rules").get(0).asString());
        assertTrue(listed.get("reviewDecideBy").isString(), listed.toString());

        // Only the back office decides; then once.
        String approvePath = "/v1/reviews/payouts/" + approved.text("payoutId") + "/approve";
        assertEquals(403, http.post(approvePath, token, null, java.util.Map.of()).status());
        Http.Response instructed = http.post(approvePath, BACKOFFICE, null, java.util.Map.of());
        assertEquals(200, instructed.status(), instructed.body().toString());
        assertEquals("INSTRUCTED", instructed.text("status"));
        assertEquals("PAYOUT_NOT_IN_REVIEW", http.post(approvePath, BACKOFFICE, null, java.util.Map.of()).code());
        Http.Response refused = http.post("/v1/reviews/payouts/" + declined.text("payoutId") + "/decline", BACKOFFICE,
                null, java.util.Map.of());
        assertEquals(200, refused.status(), refused.body().toString());
        assertEquals("REJECTED", refused.text("status"));
        assertEquals("RISK_DECLINED", refused.text("rejectionReason"));
        // The approved payout stays held for the bank; the declined one's hold is released.
        await().untilAsserted(() -> assertBalances(wallet, "100.00", "30.00", "0.00", "70.00"));

        // The decisions are in the audit chain: the rules' (with the version) and the analyst's.
        String compliance = Tokens.token("auditor", "compliance");
        await().untilAsserted(() -> {
            JsonNode records = http.get("/v1/audit/events?account=" + wallet + "&type=RiskDecidedEvent&limit=200",
                    compliance).body().get("items");
            assertEquals(3, records.size(), records.toString());
            assertTrue(java.util.stream.StreamSupport.stream(records.spliterator(), false)
                    .allMatch(record -> record.get("payload").asString().contains("\"ruleSetVersion\":" + version)),
                    records.toString());
        });
    }

    private Http.Response payOut(String token, String wallet, String amount) {
        return payOut(token, wallet, amount, "DE89370400440532013000");
    }

    private Http.Response payOut(String token, String wallet, String amount, String iban) {
        return http.post("/v1/payouts", token, """
                {"debtorAccount":"%s","amount":"%s","currency":"RON",
                 "beneficiary":{"name":"Carol Example","iban":"%s"}}""".formatted(wallet, amount, iban),
                java.util.Map.of("Idempotency-Key", unique("po"), "Prefer", "wait=10"));
    }

    /**
     * A deny list of beneficiaries' IBANs (ADR 0035): a payout to a listed one is refused with nothing held, one to
     * anyone else instructed; the decision names the rule and shows the IBAN masked, never in full.
     */
    @Test
    void aPayoutToAListedBeneficiaryIsDeniedAndItsDecisionShowsTheIbanMasked() {
        assertEquals(201, open(ADMIN, unique("nostro-ron"), "house-bank", "RON", "CLEARING").status());
        String owner = unique("payer");
        String wallet = openWallet(owner, "RON");
        fund(openSystem("RON"), wallet, "100.00", "RON");
        String token = Tokens.token(owner, "wallet");
        assertEquals("VALIDATION_FAILED", http.put("/v1/risk/rules", BACKOFFICE, """
                {"rules":[{"name":"mules","kind":"BENEFICIARY_LISTED","outcome":"DENY",
                  "counterparties":["GB82 WEST 1234 5698 7654 33"]}]}""").code(), "a wrong check digit");
        publish("""
                [{"name":"mules","kind":"BENEFICIARY_LISTED","outcome":"DENY",
                  "counterparties":["gb82 west 1234 5698 7654 32"]}]""");

        Http.Response denied = payOut(token, wallet, "10.00", "GB82WEST12345698765432");
        assertEquals("REJECTED", denied.text("status"), denied.body().toString());
        assertEquals("RISK_DENIED", denied.text("rejectionReason"));
        assertEquals("INSTRUCTED", payOut(token, wallet, "10.00").text("status"));
        assertBalances(wallet, "100.00", "10.00", "0.00", "90.00");

        String compliance = Tokens.token("auditor", "compliance");
        await().untilAsserted(() -> {
            JsonNode records = http.get("/v1/audit/events?account=" + wallet + "&type=RiskDecidedEvent&limit=200",
                    compliance).body().get("items");
            assertEquals(1, records.size(), records.toString());
            String payload = records.get(0).get("payload").asString();
            assertTrue(payload.contains("GB82…5432") && !payload.contains("GB82WEST12345698765432"), payload);
        });
        publish("[]");
    }

    @Test
    void aDeniedPaymentIsRejectedAndSaysWhichRuleDeniedIt() {
        Payer payer = payerWith100("mule");
        String wallet = payer.wallet();
        String mule = payer.payee();
        int version = publish("[" + listed("deny-list", "DENY", mule) + "]");

        Http.Response denied = pay(payer.token(), unique("p"), wallet, mule, "10.00", "USD");
        assertEquals("REJECTED", denied.text("status"), denied.body().toString());
        assertEquals("RISK_DENIED", denied.text("rejectionReason"));
        await().untilAsserted(() -> {
            JsonNode risk = http.get("/v1/payments/" + denied.text("paymentId"), BACKOFFICE).body().get("risk");
            assertEquals(version, risk.get("ruleSetVersion").asInt(), String.valueOf(risk));
            assertEquals("DENY", risk.get("outcome").asString());
            assertEquals("deny-list", risk.get("rules").get(0).asString());
        });
        assertBalances(wallet, "100.00", "0.00", "0.00", "100.00");

        // The decision is in the audit chain: which version, which rule, what it saw; and so is the publication.
        String compliance = Tokens.token("auditor", "compliance");
        await().untilAsserted(() -> {
            JsonNode records = http.get("/v1/audit/events?payment=" + denied.text("paymentId") + "&type=RiskDecidedEvent",
                    compliance).body().get("items");
            assertEquals(1, records.size(), records.toString());
            String payload = records.get(0).get("payload").asString();
            assertTrue(payload.contains("\"ruleSetVersion\":" + version) && payload.contains("\"deny-list\"")
                    && payload.contains("\"creditorAccountId\":\"" + mule + "\"") && payload.contains("\"DENY\""), payload);
        });
        java.util.List<String> publications = new java.util.ArrayList<>();
        http.get("/v1/audit/events?type=RiskRulesPublishedEvent&limit=200", compliance).body().get("items")
                .forEach(record -> publications.add(record.get("payload").asString()));
        assertTrue(publications.stream().anyMatch(p -> p.contains("\"version\":" + version + ",")
                && p.contains(mule)), publications.toString());
    }

    @Test
    void aReviewedPaymentHoldsItsFundsUntilAnAnalystApprovesIt() {
        Payer payer = payerWith100("new-payee");
        String wallet = payer.wallet();
        String payee = payer.payee();
        int version = publish("[" + listed("watch", "REVIEW", payee) + "]");
        String token = payer.token();

        Http.Response held = pay(token, unique("p"), wallet, payee, "40.00", "USD");
        assertEquals(201, held.status(), held.body().toString());
        assertEquals("IN_REVIEW", held.text("status"));
        String paymentId = held.text("paymentId");
        assertBalances(wallet, "100.00", "40.00", "0.00", "60.00");
        assertBalances(payee, "0.00", "0.00", "40.00", "0.00");

        // The queue is the back office's: it lists the payment with its rule and deadline; a wallet is refused.
        JsonNode queue = http.get("/v1/reviews?limit=100", BACKOFFICE).body();
        JsonNode item = null;
        for (JsonNode each : queue.get("items")) {
            if (each.get("paymentId").asString().equals(paymentId)) {
                item = each;
            }
        }
        assertTrue(item != null, queue.toString());
        assertEquals("watch", item.get("risk").get("rules").get(0).asString());
        assertEquals(version, item.get("risk").get("ruleSetVersion").asInt());
        assertTrue(item.hasNonNull("reviewDecideBy"));
        assertEquals(403, http.get("/v1/reviews", token).status());
        assertEquals(403, http.post("/v1/reviews/" + paymentId + "/approve", token, "").status());

        // A newer version never re-judges it: it still waits, judged by the version it arrived under.
        publish("[]");
        assertEquals("IN_REVIEW", http.get("/v1/payments/" + paymentId, token).text("status"));
        assertEquals("SETTLED", pay(token, unique("p"), wallet, payee, "1.00", "USD").text("status"));

        Http.Response approved = http.post("/v1/reviews/" + paymentId + "/approve", BACKOFFICE, "");
        assertEquals(200, approved.status(), approved.body().toString());
        assertEquals("SETTLED", approved.text("status"));
        assertBalances(wallet, "59.00", "0.00", "0.00", "59.00");
        assertBalances(payee, "41.00", "0.00", "0.00", "41.00");

        Http.Response again = http.post("/v1/reviews/" + paymentId + "/decline", BACKOFFICE, "");
        assertEquals(409, again.status(), again.body().toString());
        assertEquals("PAYMENT_NOT_IN_REVIEW", again.text("code"));
    }

    @Test
    void aDeclinedReviewReleasesTheFundsAndRejectsThePayment() {
        Payer payer = payerWith100("new-payee");
        String wallet = payer.wallet();
        String payee = payer.payee();
        publish("[" + listed("watch", "REVIEW", payee) + "]");

        Http.Response held = pay(payer.token(), unique("p"), wallet, payee, "70.00", "USD");
        assertEquals("IN_REVIEW", held.text("status"), held.body().toString());
        Http.Response declined = http.post("/v1/reviews/" + held.text("paymentId") + "/decline", BACKOFFICE, "");
        assertEquals(200, declined.status(), declined.body().toString());
        assertEquals("REJECTED", declined.text("status"));
        assertEquals("RISK_DECLINED", declined.text("rejectionReason"));
        assertBalances(wallet, "100.00", "0.00", "0.00", "100.00");
        assertBalances(payee, "0.00", "0.00", "0.00", "0.00");
        assertEquals(404, http.post("/v1/reviews/" + unique("none") + "/approve", BACKOFFICE, "").status());

        await().untilAsserted(() -> {
            String metrics = http.get("/actuator/prometheus", Tokens.token("scraper", "metrics")).raw().body();
            assertTrue(metrics.lines().anyMatch(line -> line.startsWith("ledger_risk_decisions_total{")
                    && line.contains("outcome=\"REVIEW\"") && line.contains("rule=\"watch\"")), "decisions counted");
            assertTrue(metrics.lines().anyMatch(line -> line.startsWith("ledger_reviews_waiting")), "queue gauge");
        });
    }

    @Test
    void anApprovedAuthorizationWaitsAuthorizedWithADurableExpiryAndIsCapturedAsAny() {
        Payer payer = payerWith100("shop");
        publish("[" + listed("watch", "REVIEW", payer.payee()) + "]");
        Http.Response held = http.post("/v1/payments", payer.token(), """
                {"debtorAccount":"%s","creditorAccount":"%s","amount":"30.00","currency":"USD","capture":"MANUAL"}"""
                .formatted(payer.wallet(), payer.payee()), java.util.Map.of("Idempotency-Key", unique("auth"), "Prefer", "wait=10"));
        assertEquals("IN_REVIEW", held.text("status"), held.body().toString());
        String paymentId = held.text("paymentId");

        Http.Response approved = http.post("/v1/reviews/" + paymentId + "/approve", BACKOFFICE, "");
        assertEquals(200, approved.status(), approved.body().toString());
        assertEquals("AUTHORIZED", approved.text("status"));
        // Its expiry is a stored deadline (db-scheduler's table), as any authorization's: it survives a restart.
        assertEquals(1, jdbc.queryForObject("select count(*) from scheduled_tasks where execution_time = ?::timestamptz",
                Integer.class, approved.text("expiresAt")));
        assertBalances(payer.wallet(), "100.00", "30.00", "0.00", "70.00");

        Http.Response captured = http.post("/v1/payments/" + paymentId + "/capture", BACKOFFICE, null,
                java.util.Map.of("Idempotency-Key", unique("cap"), "Prefer", "wait=10"));
        assertEquals("SETTLED", captured.text("status"), captured.body().toString());
        assertBalances(payer.wallet(), "70.00", "0.00", "0.00", "70.00");
    }

    @Test
    void theQueueListsTheOldestFirstAPageAtATime() {
        Payer payer = payerWith100("new-payee");
        String wallet = payer.wallet();
        String payee = payer.payee();
        publish("[" + listed("watch", "REVIEW", payee) + "]");
        String token = payer.token();
        java.util.List<String> held = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Http.Response payment = pay(token, unique("p"), wallet, payee, "1.00", "USD");
            assertEquals("IN_REVIEW", payment.text("status"), payment.body().toString());
            held.add(payment.text("paymentId"));
        }
        JsonNode first = http.get("/v1/reviews?limit=2", BACKOFFICE).body();
        assertEquals(held.subList(0, 2), ids(first), first.toString());
        JsonNode second = http.get("/v1/reviews?limit=2&cursor=" + first.get("nextCursor").asString(), BACKOFFICE).body();
        assertEquals(held.subList(2, 3), ids(second), second.toString());
        for (String paymentId : held) {
            assertEquals(200, http.post("/v1/reviews/" + paymentId + "/decline", BACKOFFICE, "").status());
        }
        assertBalances(wallet, "100.00", "0.00", "0.00", "100.00");
    }

    private static java.util.List<String> ids(JsonNode page) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("paymentId").asString()));
        return ids;
    }

    @Test
    void aBatchIsJudgedByTheRulesInForceWhenItArrived() {
        Payer payer = payerWith100("mule");
        String wallet = payer.wallet();
        String mule = payer.payee();
        String staff = openWallet(unique("staff"), "USD");
        int version = publish("[" + listed("deny-list", "DENY", mule) + "]");
        String items = """
                {"items":[{"idempotencyKey":"a","debtorAccount":"%1$s","creditorAccount":"%2$s","amount":"5.00","currency":"USD"},\
                {"idempotencyKey":"b","debtorAccount":"%1$s","creditorAccount":"%3$s","amount":"5.00","currency":"USD"}]}"""
                .formatted(wallet, mule, staff);
        Http.Response submitted = http.post("/v1/payment-batches", payer.token(), items,
                java.util.Map.of("Idempotency-Key", unique("batch")));
        assertEquals(202, submitted.status(), submitted.body().toString());
        String batchId = submitted.text("batchId");
        // Published while the batch may still be on its way: its items are judged by the version it arrived under.
        publish("[]");
        assertEquals(version, jdbc.queryForObject("select rule_set_version from payment_batch where batch_id = ?",
                Integer.class, batchId));
        await().untilAsserted(() -> {
            JsonNode batch = http.get("/v1/payment-batches/" + batchId, payer.token()).body();
            assertEquals(1, batch.get("items").path("REJECTED").asInt(), batch.toString());
            assertEquals(1, batch.get("items").path("SETTLED").asInt(), batch.toString());
        });
        assertBalances(wallet, "95.00", "0.00", "0.00", "95.00");
    }

    @Test
    void rulesThatCannotBeMeantAreRefusedAndOnlyTheBackOfficePublishes() {
        Http.Response noKind = http.put("/v1/risk/rules", BACKOFFICE, "{\"rules\":[{\"name\":\"x\",\"outcome\":\"DENY\"}]}");
        assertEquals(400, noKind.status(), noKind.body().toString());
        assertEquals("VALIDATION_FAILED", noKind.text("code"));
        Http.Response allow = http.put("/v1/risk/rules", BACKOFFICE, """
                {"rules":[{"name":"x","kind":"AMOUNT_OVER","outcome":"ALLOW","amount":"1.00","currency":"USD"}]}""");
        assertEquals(400, allow.status(), allow.body().toString());
        Http.Response velocity = http.put("/v1/risk/rules", BACKOFFICE, """
                {"rules":[{"name":"burst","kind":"VELOCITY","outcome":"REVIEW","count":0,"minutes":10}]}""");
        assertEquals(400, velocity.status(), velocity.body().toString());
        int before = http.get("/v1/risk/rules", BACKOFFICE).body().get("version").asInt();
        assertEquals(403, http.put("/v1/risk/rules", Tokens.token(unique("w"), "wallet"), "{\"rules\":[]}").status());
        assertEquals(before, http.get("/v1/risk/rules", BACKOFFICE).body().get("version").asInt(), "nothing was published");
        assertEquals(404, http.get("/v1/risk/rules/999999", BACKOFFICE).status());
    }
}
