package io.ledger.api.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two instances of the built jar on one database share the read models' segments; killing one hands
 * its segments to the other; no event is applied twice and no saga runs twice.
 */
class TwoInstancesIT {

    private final List<Process> processes = new ArrayList<>();
    private String database;

    @AfterEach
    void stop() throws InterruptedException {
        for (Process process : processes) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (database != null) {
            TestDatabase.drop(database);
        }
    }

    @Test
    void segmentsAreSharedAndTakenOverWithoutDoubleWork(@TempDir Path home) throws Exception {
        database = TestDatabase.create("pair");
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(database, TestDatabase.USER, TestDatabase.PASSWORD));
        int portA = ServiceProcess.freePort();
        int portB = ServiceProcess.freePort();
        Process a = start(database, portA, home, "a");
        Process b = start(database, portB, home, "b");
        Http httpA = new Http(portA);
        Http httpB = new Http(portB);
        String admin = Tokens.token("ops", "admin");

        // Instance A started first and may hold both segments; it hands segment 1 over.
        assertEquals(202, httpA.post("/v1/admin/read-models/account-projection/release?segment=1", admin, null).status());
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertEquals(2L, jdbc.queryForObject(
                "select count(distinct owner) from token_entry where processor_name = 'account-projection' "
                        + "and owner is not null", Long.class), "both instances hold a segment"));

        assertEquals(201, httpA.post("/v1/accounts", admin,
                "{\"accountId\":\"bank\",\"ownerId\":\"bank\",\"currency\":\"USD\",\"type\":\"SYSTEM\"}").status());
        List<String> paymentIds = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Http http = i % 2 == 0 ? httpA : httpB;
            assertEquals(201, http.post("/v1/accounts", admin, "{\"accountId\":\"w" + i + "\",\"ownerId\":\"o" + i
                    + "\",\"currency\":\"USD\",\"type\":\"WALLET\"}").status());
            paymentIds.add(pay(http, admin, "bank", "w" + i, "100.00", "fund-" + i));
        }
        for (int i = 0; i < 30; i++) {
            Http http = i % 2 == 0 ? httpA : httpB;
            paymentIds.add(pay(http, Tokens.token("o" + (i % 10), "wallet"), "w" + (i % 10), "w" + ((i + 3) % 10), "1.00",
                    "p-" + i));
        }

        // Each instance caches the accounts it touched. The other instance than one settling payments freezes an
        // account the settling instance has cached; the saga must not credit it on its stale copy, and once the
        // account is unfrozen (again from the other instance) must not refuse it on a stale copy either (ADR 0013).
        // Settlement has two segments (ADR 0018): the instances may share them, then either settles the payment.
        String sagaOwner = jdbc.queryForObject("select owner from token_entry where processor_name = "
                + "'PaymentSagaProcessor' and owner is not null order by segment limit 1", String.class);
        boolean sagaOnA = sagaOwner.startsWith(a.pid() + "@");
        Http other = sagaOnA ? httpB : httpA;
        String cached = sagaOnA ? "w4" : "w5";
        String payer = sagaOnA ? "w1" : "w2";
        String payerToken = Tokens.token(sagaOnA ? "o1" : "o2", "wallet");
        String backoffice = Tokens.token("clerk", "backoffice");
        assertEquals(200, other.post("/v1/accounts/" + cached + "/freeze", backoffice, "{\"reason\":\"check\"}").status());
        Http.Response refused = payAnswer(httpA, payerToken, payer, cached, "1.00", "to-frozen");
        assertEquals("REJECTED", refused.text("status"), refused.body().toString());
        assertEquals("ACCOUNT_FROZEN", refused.text("rejectionReason"));
        assertEquals(200, other.post("/v1/accounts/" + cached + "/unfreeze", backoffice, null).status());
        paymentIds.add(pay(httpA, payerToken, payer, cached, "1.00", "to-unfrozen"));

        a.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        for (int i = 30; i < 40; i++) {
            paymentIds.add(pay(httpB, Tokens.token("o" + (i % 10), "wallet"), "w" + (i % 10), "w" + ((i + 3) % 10),
                    "1.00", "p-" + i));
        }
        String ownerB = jdbc.queryForObject("select owner from token_entry where processor_name = 'audit-log' "
                + "and owner is not null limit 1", String.class);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertEquals(0L, jdbc.queryForObject("select count(*) from payment_view where status = 'PENDING'", Long.class));
            Set<String> owners = new HashSet<>(jdbc.queryForList("select distinct owner from token_entry "
                    + "where processor_name in ('account-projection', 'payment-projection')", String.class));
            assertEquals(1, owners.size(), "the survivor holds every segment: " + owners);
        });
        assertTrue(ownerB != null);

        for (String paymentId : paymentIds) {
            for (String type : new String[] {"AccountDebitedEvent", "AccountCreditedEvent", "PaymentSettledEvent"}) {
                assertEquals(1L, jdbc.queryForObject("select count(*) from domain_event_entry where payload_type like ? "
                                + "and convert_from(payload, 'UTF8')::jsonb ->> 'paymentId' = ?", Long.class, "%." + type,
                        paymentId), "no saga step ran twice: " + type + " of " + paymentId);
            }
        }
        assertEquals(0L, jdbc.queryForObject("select count(*) from (select account_id, payment_id, direction "
                + "from account_entry group by 1, 2, 3 having count(*) > 1) d", Long.class));
        String compliance = Tokens.token("auditor", "compliance");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertTrue(httpB.get("/v1/audit/integrity", compliance).body().get("ok").asBoolean(),
                    "every balance equals its replay: no event applied twice");
            assertTrue(httpB.get("/v1/audit/verify", compliance).body().get("verified").asBoolean());
        });
        assertEquals(jdbc.queryForObject("select count(*) from domain_event_entry", Long.class),
                jdbc.queryForObject("select count(*) from audit_record", Long.class), "each event audited once");
    }

    private static String pay(Http http, String token, String from, String to, String amount, String key) {
        Http.Response response = payAnswer(http, token, from, to, amount, key);
        assertEquals("SETTLED", response.text("status"), response.body().toString());
        return response.text("paymentId");
    }

    private static Http.Response payAnswer(Http http, String token, String from, String to, String amount, String key) {
        return http.post("/v1/payments", token, "{\"debtorAccount\":\"" + from + "\",\"creditorAccount\":\""
                + to + "\",\"amount\":\"" + amount + "\",\"currency\":\"USD\"}", Map.of("Idempotency-Key", key, "Prefer", "wait=20"));
    }

    private Process start(String database, int port, Path home, String name) throws IOException {
        Process process = ServiceProcess.start(database, home, port, "instance-" + name + ".log");
        processes.add(process);
        return process;
    }
}
