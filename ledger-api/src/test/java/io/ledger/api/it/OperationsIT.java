package io.ledger.api.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What operators see: health per processor, Prometheus metrics, and logs that are JSON and leak nothing. */
@ExtendWith(OutputCaptureExtension.class)
class OperationsIT extends LedgerIT {

    @Test
    void healthReportsEveryProcessorAndOnlyOperatorsMayAsk() {
        Http.Response health = http.get("/actuator/health", ADMIN);
        assertEquals(200, health.status(), health.body().toString());
        assertEquals("UP", health.text("status"));
        JsonNode processors = health.body().get("components").get("eventProcessors").get("details");
        for (String name : new String[] {"PaymentSagaProcessor", "account-projection", "payment-projection", "audit-log"}) {
            assertTrue(processors.has(name), processors.toString());
            assertTrue(processors.get(name).get("running").asBoolean());
        }
        assertTrue(health.body().get("components").has("db"));
        assertEquals(403, http.get("/actuator/health", Tokens.token("alice", "wallet")).status());
        assertEquals(403, http.get("/actuator/health", Tokens.token("scraper", "metrics")).status());
        assertEquals(401, http.get("/actuator/health", null).status());
    }

    @Test
    void livenessAndReadinessAnswerWithoutATokenAndRevealNothingElse() {
        for (String probe : new String[] {"/actuator/health/liveness", "/actuator/health/readiness"}) {
            Http.Response answer = http.get(probe, null);
            assertEquals(200, answer.status(), probe + " " + answer.body());
            assertEquals("UP", answer.text("status"));
            assertEquals(1, answer.body().size(), probe + " says its status and nothing else: " + answer.body());
        }
        assertEquals(401, http.get("/actuator/health/db", null).status(), "a component's health is not a probe");
        assertEquals(401, http.get("/actuator/prometheus", null).status());
    }

    @Test
    void metricsNeedTheMetricsScopeNotAdmin() {
        assertEquals(403, http.get("/actuator/prometheus", ADMIN).status());
        assertEquals(403, http.get("/actuator/prometheus", Tokens.token("alice", "wallet")).status());
        Http.Response scraped = http.get("/actuator/prometheus", Tokens.token("scraper", "metrics"));
        assertEquals(200, scraped.status());
        assertTrue(scraped.raw().body().contains("jvm_memory_used_bytes"));
        assertEquals(403, http.get("/v1/accounts", Tokens.token("scraper", "metrics")).status(),
                "a metrics token reads metrics and nothing else");
    }

    @Test
    void prometheusShowsRequestsCommandsPaymentsLagAndIntegrity() {
        String bank = openSystem("USD");
        String alice = openWallet("alice", "USD");
        fund(bank, alice, "3.00", "USD");
        await().untilAsserted(() -> {
            String metrics = http.get("/actuator/prometheus", Tokens.token("scraper", "metrics")).raw().body();
            assertTrue(metrics.contains("http_server_requests_seconds_count{"), "request rates and latencies");
            assertTrue(metrics.contains("uri=\"/v1/payments\""), "per endpoint");
            assertTrue(metrics.contains("ledger_command_handling_seconds_count{command=\"InitiatePaymentCommand\""),
                    "command handling time");
            assertTrue(metrics.contains("ledger_payments_terminal_total{status=\"SETTLED\""), "payments by status");
            assertTrue(terminal(metrics, "SETTLED") >= 1, "counted from the settled event");
            assertTrue(metrics.contains("ledger_processor_lag_events{processor=\"PaymentSagaProcessor\""), "lag");
            assertTrue(metrics.contains("ledger_dead_letters"), "dead letters");
            assertTrue(metrics.contains("ledger_integrity_ok"), "integrity result");
            assertTrue(metrics.contains("ledger_reconciliation_exceptions_open"), "the reconciliation queue");
            assertTrue(metrics.contains("ledger_reconciliation_statements_reconciling"), "statements in progress");
        });
    }

    /** The counter's value for one status, from the Prometheus text. */
    private static double terminal(String metrics, String status) {
        return metrics.lines().filter(line -> line.startsWith("ledger_payments_terminal_total{status=\"" + status + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void anAuthorizationThatExpiresIsCountedAsExpired() {
        String bank = openSystem("USD");
        String alice = openWallet("alice", "USD");
        String shop = openWallet("shop", "USD");
        fund(bank, alice, "5.00", "USD");
        String scraper = Tokens.token("scraper", "metrics");
        double before = terminal(http.get("/actuator/prometheus", scraper).raw().body(), "EXPIRED");
        Http.Response authorized = http.post("/v1/payments", Tokens.token("alice", "wallet"), "{\"debtorAccount\":\"" + alice
                        + "\",\"creditorAccount\":\"" + shop + "\",\"amount\":\"1.00\",\"currency\":\"USD\","
                        + "\"capture\":\"MANUAL\",\"authorizationTtl\":\"PT1S\"}",
                Map.of("Idempotency-Key", unique("k"), "Prefer", "wait=10"));
        assertEquals("AUTHORIZED", authorized.text("status"));
        // Its expiry has no command behind it (a deadline fires): the count comes from the event.
        await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(before + 1,
                terminal(http.get("/actuator/prometheus", scraper).raw().body(), "EXPIRED")));
    }

    @Test
    void logsAreJsonCarryTheCorrelationIdIntoTheSagaAndNeverTheTokenOrBody(CapturedOutput output) {
        String bank = openSystem("USD");
        String alice = openWallet("alice", "USD");
        fund(bank, alice, "9.00", "USD");
        String token = Tokens.token("alice", "wallet");
        String correlationId = unique("log-trace");
        String marker = unique("SECRET-REMITTANCE");
        Http.Response paid = http.post("/v1/payments", token, "{\"debtorAccount\":\"" + alice
                        + "\",\"creditorAccount\":\"no-such-account\",\"amount\":\"1.00\",\"currency\":\"USD\","
                        + "\"remittanceInfo\":\"" + marker + "\"}",
                Map.of("Idempotency-Key", unique("k"), "Prefer", "wait=10", "X-Correlation-Id", correlationId));
        assertEquals("REJECTED", paid.text("status"));
        http.post("/v1/payments", token, "{broken json " + marker, Map.of("Idempotency-Key", unique("k")));

        await().untilAsserted(() -> assertTrue(output.getOut().contains(correlationId)));
        JsonMapper json = JsonMapper.builder().build();
        boolean sagaLineWithCorrelation = false;
        for (String line : output.getOut().split("\n")) {
            if (!line.startsWith("{")) {
                continue;
            }
            JsonNode entry = json.readTree(line);
            if (line.contains(correlationId) && entry.path("process").path("thread").path("name").asString()
                    .contains("PaymentSagaProcessor")) {
                sagaLineWithCorrelation = true;
            }
        }
        assertTrue(sagaLineWithCorrelation, "a saga-thread log line carries the request's correlation id");
        String all = output.getAll();
        assertFalse(all.contains(token), "no token in any log line");
        assertFalse(all.contains(token.substring(token.lastIndexOf('.') + 1)), "no token signature in any log line");
        assertFalse(all.contains(marker), "no request body in any log line");
    }
}
