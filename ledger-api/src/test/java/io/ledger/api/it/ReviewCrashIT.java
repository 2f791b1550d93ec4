package io.ledger.api.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A payment in review survives the service being killed (issue 21): its holds, its place in the queue and its
 * deadline are stored, not remembered. After a kill -9 and a restart, one held payment is approved and settles;
 * the other, nobody deciding, is declined by its deadline and its funds come back.
 */
class ReviewCrashIT {

    private final List<Process> processes = new ArrayList<>();
    private String database;

    @AfterEach
    void stop() throws Exception {
        for (Process process : processes) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (database != null) {
            TestDatabase.drop(database);
        }
    }

    @Test
    void aPaymentInReviewIsDecidedAfterACrashAndItsDeadlineStillDeclines(
            @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path home) throws Exception {
        assertTrue(ServiceProcess.JAR.toFile().exists(), "run after package: " + ServiceProcess.JAR.toAbsolutePath());
        database = TestDatabase.create("reviewcrash");
        int port = ServiceProcess.freePort();
        Map<String, String> settings = Map.of("LEDGER_RISK_REVIEW_WITHIN", "PT25S");
        processes.add(ServiceProcess.start(database, home, port, "service-0.log", settings));
        Http http = new Http(port);
        String admin = Tokens.token("ops", "admin");
        String clerk = Tokens.token("clerk", "backoffice");
        String payer = Tokens.token("payer", "wallet");
        assertEquals(201, http.post("/v1/accounts", admin,
                "{\"accountId\":\"bank\",\"ownerId\":\"bank\",\"currency\":\"USD\",\"type\":\"SYSTEM\"}").status());
        assertEquals(201, http.post("/v1/accounts", payer,
                "{\"accountId\":\"payer-usd\",\"currency\":\"USD\",\"type\":\"WALLET\"}").status());
        for (String payee : List.of("approved-usd", "forgotten-usd")) {
            assertEquals(201, http.post("/v1/accounts", Tokens.token(payee, "wallet"),
                    "{\"accountId\":\"" + payee + "\",\"currency\":\"USD\",\"type\":\"WALLET\"}").status());
        }
        assertEquals("SETTLED", pay(http, admin, "fund", "bank", "payer-usd", "100.00").text("status"));
        assertEquals(200, http.put("/v1/risk/rules", clerk, """
                {"rules":[{"name":"watch","kind":"COUNTERPARTY_LISTED","outcome":"REVIEW",\
                "counterparties":["approved-usd","forgotten-usd"]}]}""").status());

        String approved = pay(http, payer, "a", "payer-usd", "approved-usd", "30.00").text("paymentId");
        Http.Response forgotten = pay(http, payer, "f", "payer-usd", "forgotten-usd", "20.00");
        assertEquals("IN_REVIEW", forgotten.text("status"), forgotten.body().toString());
        assertEquals("IN_REVIEW", http.get("/v1/payments/" + approved, admin).text("status"));
        assertEquals("50.00", available(http, admin, "payer-usd"));

        processes.get(0).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        processes.add(ServiceProcess.start(database, home, port, "service-1.log", settings));

        assertEquals(2, http.get("/v1/reviews", clerk).body().get("items").size(), "both still wait after the crash");
        Http.Response approval = http.post("/v1/reviews/" + approved + "/approve", clerk, "");
        assertEquals(200, approval.status(), approval.body().toString());
        assertEquals("SETTLED", approval.text("status"));

        String forgottenId = forgotten.text("paymentId");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Http.Response payment = http.get("/v1/payments/" + forgottenId, admin);
            assertEquals("REJECTED", payment.text("status"), payment.body().toString());
            assertEquals("RISK_DECLINED", payment.text("rejectionReason"));
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertEquals("70.00", available(http, admin, "payer-usd"));
            assertEquals("30.00", balance(http, admin, "approved-usd", "posted"));
            assertEquals("0.00", balance(http, admin, "forgotten-usd", "pendingCredits"));
        });
        assertEquals(0, http.get("/v1/reviews", clerk).body().get("items").size());
    }

    private static Http.Response pay(Http http, String token, String key, String from, String to, String amount) {
        return http.post("/v1/payments", token, """
                {"debtorAccount":"%s","creditorAccount":"%s","amount":"%s","currency":"USD"}""".formatted(from, to, amount),
                Map.of("Idempotency-Key", key, "Prefer", "wait=10"));
    }

    private static String available(Http http, String token, String account) {
        return balance(http, token, account, "available");
    }

    private static String balance(Http http, String token, String account, String which) {
        return http.get("/v1/accounts/" + account, token).body().get("balances").get(which).asString();
    }
}
