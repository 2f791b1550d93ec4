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

    private static String listed(String name, String outcome, String account) {
        return """
                {"name":"%s","kind":"COUNTERPARTY_LISTED","outcome":"%s","counterparties":["%s"]}""".formatted(name, outcome, account);
    }

    @Test
    void aDeniedPaymentIsRejectedAndSaysWhichRuleDeniedIt() {
        String owner = unique("payer");
        String wallet = openWallet(owner, "USD");
        fund(openSystem("USD"), wallet, "100.00", "USD");
        String mule = openWallet(unique("mule"), "USD");
        int version = publish("[" + listed("deny-list", "DENY", mule) + "]");

        Http.Response denied = pay(Tokens.token(owner, "wallet"), unique("p"), wallet, mule, "10.00", "USD");
        assertEquals("REJECTED", denied.text("status"), denied.body().toString());
        assertEquals("RISK_DENIED", denied.text("rejectionReason"));
        await().untilAsserted(() -> {
            JsonNode risk = http.get("/v1/payments/" + denied.text("paymentId"), BACKOFFICE).body().get("risk");
            assertEquals(version, risk.get("ruleSetVersion").asInt(), String.valueOf(risk));
            assertEquals("DENY", risk.get("outcome").asString());
            assertEquals("deny-list", risk.get("rules").get(0).asString());
        });
        assertBalances(wallet, "100.00", "0.00", "0.00", "100.00");
    }

    @Test
    void aReviewedPaymentHoldsItsFundsUntilAnAnalystApprovesIt() {
        String owner = unique("payer");
        String wallet = openWallet(owner, "USD");
        fund(openSystem("USD"), wallet, "100.00", "USD");
        String payee = openWallet(unique("new-payee"), "USD");
        int version = publish("[" + listed("watch", "REVIEW", payee) + "]");
        String token = Tokens.token(owner, "wallet");

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
        String owner = unique("payer");
        String wallet = openWallet(owner, "USD");
        fund(openSystem("USD"), wallet, "100.00", "USD");
        String payee = openWallet(unique("new-payee"), "USD");
        publish("[" + listed("watch", "REVIEW", payee) + "]");

        Http.Response held = pay(Tokens.token(owner, "wallet"), unique("p"), wallet, payee, "70.00", "USD");
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
