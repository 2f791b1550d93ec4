package io.ledger.api.it;

import io.ledger.api.LedgerApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Settlement on four segments at once (ADR 0018), against real PostgreSQL. Payments cross between a few
 * accounts in both directions (alice pays bob while bob pays alice, on different segments), which deadlocks
 * batches that take their account locks in payment order; and nine in ten go to one hot merchant. Every payment
 * settles exactly once, the saga never stops in error (a deadlock would put it in error and back off), and the
 * books balance.
 */
@SpringBootTest(classes = LedgerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"axon.eventhandling.processors.PaymentSagaProcessor.initial-segment-count=4",
                "axon.eventhandling.processors.PaymentSagaProcessor.thread-count=4"})
@ExtendWith(OutputCaptureExtension.class)
class ParallelSettlementIT {

    private static final String DATABASE = TestDatabase.create("parallel");
    private static final String ADMIN = Tokens.token("ops", "admin");

    @LocalServerPort
    private int port;
    @Autowired
    private JdbcTemplate jdbc;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        LedgerIT.testApplication(registry, DATABASE);
    }

    @Test
    void crossingPaymentsAndAHotMerchantSettleOnFourSegmentsWithoutDeadlocks(CapturedOutput output) throws Exception {
        Http http = new Http(port);
        assertEquals(201, http.post("/v1/accounts", ADMIN,
                "{\"accountId\":\"bank\",\"ownerId\":\"bank\",\"currency\":\"USD\",\"type\":\"SYSTEM\"}").status());
        assertEquals(201, http.post("/v1/accounts", ADMIN,
                "{\"accountId\":\"hot-shop\",\"ownerId\":\"shop\",\"currency\":\"USD\",\"type\":\"MERCHANT\"}").status());
        List<String> wallets = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String id = "w" + i;
            assertEquals(201, http.post("/v1/accounts", ADMIN, "{\"accountId\":\"" + id + "\",\"ownerId\":\"o" + i
                    + "\",\"currency\":\"USD\",\"type\":\"WALLET\"}").status());
            assertEquals("SETTLED", http.post("/v1/payments", ADMIN, "{\"debtorAccount\":\"bank\",\"creditorAccount\":\""
                    + id + "\",\"amount\":\"100000.00\",\"currency\":\"USD\"}", Map.of("Idempotency-Key", "fund-" + id,
                    "Prefer", "wait=10")).text("status"));
            wallets.add(id);
        }
        assertEquals(4, jdbc.queryForObject("select count(*) from token_entry where processor_name = 'PaymentSagaProcessor'",
                Integer.class), "settlement runs on four segments");

        Set<String> accepted = ConcurrentHashMap.newKeySet();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        for (int c = 0; c < 8; c++) {
            int client = c;
            clients.submit(() -> {
                for (int n = 0; n < 60; n++) {
                    int from = (client + n) % wallets.size();
                    // Half the clients pay crosswise between neighbours; the other half pay the hot merchant 9 in 10.
                    String to = client % 2 == 0 ? wallets.get((from + 1 + n % 2) % wallets.size())
                            : n % 10 == 0 ? wallets.get((from + 3) % wallets.size()) : "hot-shop";
                    Http.Response paid = http.post("/v1/payments", Tokens.token("o" + from, "wallet"),
                            "{\"debtorAccount\":\"" + wallets.get(from) + "\",\"creditorAccount\":\"" + to
                                    + "\",\"amount\":\"1.00\",\"currency\":\"USD\"}",
                            Map.of("Idempotency-Key", "p-" + client + "-" + n));
                    if (paid.status() == 202) {
                        accepted.add(paid.text("paymentId"));
                    }
                }
            });
        }
        clients.shutdown();
        assertTrue(clients.awaitTermination(120, TimeUnit.SECONDS));
        assertEquals(480, accepted.size(), "every payment was accepted");

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertEquals(0L, jdbc.queryForObject(
                "select count(*) from payment_view where status = 'PENDING'", Long.class)));
        assertEquals(0L, jdbc.queryForObject("select count(*) from payment_view where status <> 'SETTLED'", Long.class),
                "nothing expired or was rejected: every payment settled");
        Long settledEvents = jdbc.queryForObject("select count(*) from domain_event_entry "
                + "where payload_type like '%.PaymentSettledEvent'", Long.class);
        assertEquals(486L, settledEvents, "each payment settled exactly once");
        assertEquals(0L, jdbc.queryForObject("select coalesce(sum(posted), 0) from account_view", Long.class));
        assertTrue(!output.getAll().contains("DeadlockException"), "no batch deadlocked on account locks");
    }
}
