package io.ledger.api.it;

import io.ledger.api.LedgerApplication;
import io.ledger.command.payment.PaymentModule;
import io.ledger.messages.common.Ids;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * While settlement is too far behind, a new payment is refused at once with 503, Retry-After and
 * nothing recorded; the same request with the same Idempotency-Key is accepted once it has caught up.
 * The saga processor is stopped to make settlement fall behind; the limit is a handful of events.
 */
@DirtiesContext
@SpringBootTest(classes = LedgerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ledger.payments.max-backlog-events=6", "ledger.payments.backlog-check-every=PT0.05S",
                "ledger.payments.backlog-retry-after=PT2S"})
class BackPressureIT {

    private static final String DATABASE = TestDatabase.create("backpressure");

    @LocalServerPort
    int port;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        LedgerIT.testApplication(registry, DATABASE);
    }

    @Test
    void paymentsAreRefusedWhileSettlementIsBehindAndAcceptedOnceItCaughtUp() {
        Http http = new Http(port);
        String admin = Tokens.token("ops", "admin");
        assertEquals(201, http.post("/v1/accounts", admin,
                "{\"accountId\":\"bank-bp\",\"ownerId\":\"bank\",\"currency\":\"USD\",\"type\":\"SYSTEM\"}").status());
        assertEquals(201, http.post("/v1/accounts", admin,
                "{\"accountId\":\"shop-bp\",\"ownerId\":\"shop\",\"currency\":\"USD\",\"type\":\"MERCHANT\"}").status());
        String body = "{\"debtorAccount\":\"bank-bp\",\"creditorAccount\":\"shop-bp\",\"amount\":\"1.00\",\"currency\":\"USD\"}";
        assertEquals("SETTLED", http.post("/v1/payments", admin, body,
                Map.of("Idempotency-Key", "bp-first", "Prefer", "wait=10")).text("status"));

        EventProcessor saga = processing.eventProcessor(PaymentModule.SAGA_PROCESSING_GROUP).orElseThrow();
        saga.shutDown();
        Http.Response refused = null;
        for (int i = 0; i < 40 && refused == null; i++) {
            Http.Response answer = http.post("/v1/payments", admin, body, Map.of("Idempotency-Key", "bp-" + i));
            if (answer.status() == 503) {
                refused = answer;
            } else {
                assertEquals(202, answer.status(), answer.body().toString());
                sleep(60); // lets the backlog reading see the payments accepted so far
            }
        }
        assertTrue(refused != null, "settlement fell behind, yet every payment was accepted");
        assertEquals("SERVICE_UNAVAILABLE", refused.code());
        assertEquals("2", refused.header("Retry-After"));
        assertTrue(refused.header("Content-Type").startsWith("application/problem+json"), refused.header("Content-Type"));
        Http.Response again = http.post("/v1/payments", admin, body, Map.of("Idempotency-Key", "bp-late"));
        assertEquals(503, again.status(), "still behind: still refused");
        String lateId = recordedNothing("bp-late");

        saga.start();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Http.Response accepted = http.post("/v1/payments", admin, body,
                    Map.of("Idempotency-Key", "bp-late", "Prefer", "wait=10"));
            assertEquals(201, accepted.status(), accepted.body().toString());
            assertEquals("SETTLED", accepted.text("status"));
            assertEquals(lateId, accepted.text("paymentId"));
        });
        assertEquals(200, http.get("/v1/payments/" + lateId, admin).status());
    }

    /** The refused payment left no trace: no event of its id (derived from caller and key) is stored. */
    private String recordedNothing(String key) {
        String id = Ids.paymentIdFor("ops", key);
        assertEquals(0L, jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                Long.class, id), "a refused payment is not recorded");
        return id;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
