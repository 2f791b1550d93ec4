package io.ledger.api.it;

import io.ledger.api.audit.AuditConfig;
import io.ledger.audit.VerifyExport;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The audit trail end to end: lineage, verification, tampering in the database and in export files. */
class AuditIT extends LedgerIT {

    private static final String COMPLIANCE = Tokens.forTheRun("auditor", "compliance");

    @Autowired
    AuditConfig.AuditSchedule schedule;

    @Autowired
    MeterRegistry meters;

    @Autowired
    EventProcessingConfiguration processing;

    /**
     * Runs a forgery with every event processor stopped. An event written straight into a hole of the global index is
     * what a transaction that committed late looks like, and a processor still tracking that hole takes it up at its
     * next fetch — the audit log records it (and verification then passes), the read models apply it. Whether that
     * fetch came before the check depended on timing (the shared reader polls every second and wakes on any append);
     * stopped, none can, and the forgery is checked as it stands and removed before they start again.
     */
    private void withProcessorsStopped(Runnable forgery) {
        List<EventProcessor> stopped = new ArrayList<>(processing.eventProcessors().values());
        stopped.forEach(EventProcessor::shutDown);
        try {
            forgery.run();
        } finally {
            stopped.forEach(EventProcessor::start);
        }
    }

    private void awaitAudited() {
        await().untilAsserted(() -> assertEquals(
                jdbc.queryForObject("select count(*) from domain_event_entry", Long.class),
                jdbc.queryForObject("select count(*) from audit_record", Long.class)));
    }

    private JsonNode verify() {
        Http.Response response = http.get("/v1/audit/verify", COMPLIANCE);
        assertEquals(200, response.status(), response.body().toString());
        return response.body();
    }

    private void assertBroken(String reasonPart) {
        JsonNode result = verify();
        assertFalse(result.get("verified").asBoolean(), result.toString());
        assertTrue(result.get("reason").asString().contains(reasonPart), result.toString());
        assertTrue(result.hasNonNull("brokenAtAuditSeq") || result.hasNonNull("brokenAtGlobalPosition"), result.toString());
    }

    /** A settled payment between two fresh wallets; returns {correlationId, paymentId, alice, bob}. */
    private String[] settledPayment() {
        String bank = openSystem("USD");
        String alice = openWallet("alice", "USD");
        String bob = openWallet("bob", "USD");
        fund(bank, alice, "40.00", "USD");
        String correlationId = unique("audit");
        Http.Response paid = http.post("/v1/payments", Tokens.token("alice", "wallet"), paymentBody(alice, bob, "15.00", "USD"),
                Map.of("Idempotency-Key", unique("k"), "Prefer", "wait=10", "X-Correlation-Id", correlationId));
        assertEquals("SETTLED", paid.text("status"));
        awaitAudited();
        return new String[] {correlationId, paid.text("paymentId"), alice, bob};
    }

    @Test
    void checkpointsCoverEveryNRecordsAndTheRestOnSchedule() {
        settledPayment();
        List<Map<String, Object>> full = jdbc.queryForList(
                "select from_seq, to_seq from audit_checkpoint where to_seq - from_seq + 1 = 8");
        assertFalse(full.isEmpty(), "the projection signs a checkpoint every 8 records");
        schedule.checkpoint();
        Long uncovered = jdbc.queryForObject("select count(*) from audit_record a where not exists "
                + "(select 1 from audit_checkpoint c where a.audit_seq between c.from_seq and c.to_seq)", Long.class);
        assertEquals(0L, uncovered, "the periodic job covers the tail");
        Long overlaps = jdbc.queryForObject("select count(*) from audit_checkpoint a join audit_checkpoint b "
                + "on a.checkpoint_seq < b.checkpoint_seq and a.to_seq >= b.from_seq", Long.class);
        assertEquals(0L, overlaps, "no record is covered twice");
    }

    @Test
    void onlyComplianceMayReadTheAuditTrail() {
        for (String token : List.of(Tokens.token("alice", "wallet"), BACKOFFICE, ADMIN)) {
            for (String path : List.of("/v1/audit/events", "/v1/audit/export", "/v1/audit/verify", "/v1/audit/trace/x",
                    "/v1/audit/integrity", "/v1/audit/public-key")) {
                Http.Response response = http.get(path, token);
                assertEquals(403, response.status(), path);
                assertEquals("FORBIDDEN", response.code());
            }
        }
    }

    @Test
    void oneRequestIsTracedToEveryCommandAndEventItCaused() {
        String[] p = settledPayment();
        Http.Response trace = http.get("/v1/audit/trace/" + p[0], COMPLIANCE);
        assertEquals(200, trace.status(), trace.body().toString());
        JsonNode body = trace.body();
        assertEquals("alice", body.get("principal").asString());
        assertEquals("wallet", body.get("scopes").asString());
        List<String> commands = new ArrayList<>();
        body.get("commands").forEach(c -> commands.add(c.get("commandType").asString().replaceAll(".*\\.", "")));
        assertEquals(List.of("InitiatePaymentCommand", "CheckCreditCommand", "DebitAccountCommand", "CreditAccountCommand",
                "SettlePaymentCommand"), commands);
        List<String> events = new ArrayList<>();
        body.get("events").forEach(e -> events.add(e.get("eventType").asString().replaceAll(".*\\.", "")));
        assertEquals(List.of("PaymentInitiatedEvent", "AccountDebitedEvent", "AccountCreditedEvent", "PaymentSettledEvent"),
                events);
        List<String> accounts = new ArrayList<>();
        body.get("accounts").forEach(a -> accounts.add(a.asString()));
        assertTrue(accounts.containsAll(List.of(p[2], p[3])), accounts.toString());
        assertEquals(p[1], body.get("payments").get(0).asString());
        assertEquals(404, http.get("/v1/audit/trace/never-seen", COMPLIANCE).status());
    }

    @Test
    void listingFiltersByAccountAndType() {
        String[] p = settledPayment();
        JsonNode page = http.get("/v1/audit/events?account=" + p[3] + "&limit=50", COMPLIANCE).body();
        List<String> types = new ArrayList<>();
        page.get("items").forEach(i -> types.add(i.get("eventType").asString().replaceAll(".*\\.", "")));
        assertTrue(types.containsAll(List.of("AccountOpenedEvent", "AccountCreditedEvent")), types.toString());
        JsonNode settled = http.get("/v1/audit/events?payment=" + p[1] + "&type=PaymentSettledEvent", COMPLIANCE).body();
        assertEquals(1, settled.get("items").size());
        assertEquals(400, http.get("/v1/audit/events?from=yesterday", COMPLIANCE).status());
    }

    @Test
    void tamperingWithTheStoreOrTheLogIsDetectedWithItsPosition() {
        settledPayment();
        jdbc.queryForObject("select nextval('domain_event_entry_seq')", Long.class); // a hole a forger could use
        String[] p = settledPayment();
        assertTrue(verify().get("verified").asBoolean(), verify().toString());

        Map<String, Object> victim = jdbc.queryForMap("select global_index, payload from domain_event_entry "
                + "where aggregate_identifier = ? order by sequence_number limit 1", p[3]);
        long position = (Long) victim.get("global_index");
        byte[] original = (byte[]) victim.get("payload");

        // one byte of a stored payload
        byte[] changed = original.clone();
        changed[changed.length - 2] ^= 0x01;
        jdbc.update("update domain_event_entry set payload = ? where global_index = ?", changed, position);
        assertBroken("payload");
        assertEquals(position, verify().get("brokenAtGlobalPosition").asLong());
        jdbc.update("update domain_event_entry set payload = ? where global_index = ?", original, position);
        assertTrue(verify().get("verified").asBoolean());

        // an event deleted
        Map<String, Object> row = jdbc.queryForMap("select * from domain_event_entry where global_index = ?", position);
        jdbc.update("delete from domain_event_entry where global_index = ?", position);
        assertBroken("missing from the event store");
        reinsert(row);
        assertTrue(verify().get("verified").asBoolean());

        // a forged event slipped into a hole of the sequence
        Long hole = jdbc.queryForObject("""
                select min(g) from generate_series((select min(global_position) from audit_record),
                                                   (select max(global_position) from audit_record)) g
                 where not exists (select 1 from domain_event_entry e where e.global_index = g)""", Long.class);
        assertNotNull(hole);
        withProcessorsStopped(() -> {
            jdbc.update("""
                    insert into domain_event_entry (global_index, sequence_number, meta_data, payload, aggregate_identifier,
                        event_identifier, payload_revision, payload_type, time_stamp, type)
                    select ?, 99, meta_data, payload, aggregate_identifier, 'forged-event', payload_revision, payload_type,
                           time_stamp, type from domain_event_entry where global_index = ?""", hole, position);
            try {
                assertBroken("never recorded");
                assertEquals(hole, verify().get("brokenAtGlobalPosition").asLong());
            } finally {
                jdbc.update("delete from domain_event_entry where event_identifier = 'forged-event'");
            }
        });

        // two events reordered
        long next = jdbc.queryForObject("select min(global_index) from domain_event_entry where global_index > ?",
                Long.class, position);
        swap(position, next);
        assertBroken("event id");
        swap(position, next);
        assertTrue(verify().get("verified").asBoolean());

        // an audit record edited
        Long seq = jdbc.queryForObject("select audit_seq from audit_record where global_position = ?", Long.class, position);
        String payload = jdbc.queryForObject("select payload from audit_record where audit_seq = ?", String.class, seq);
        jdbc.update("update audit_record set payload = ? where audit_seq = ?", payload.replace("USD", "EUR"), seq);
        assertBroken("edited");
        assertEquals(seq, verify().get("brokenAtAuditSeq").asLong());
        jdbc.update("update audit_record set payload = ? where audit_seq = ?", payload, seq);
        assertTrue(verify().get("verified").asBoolean());
    }

    @Test
    void exportsVerifyOfflineAndEveryEditIsCaught(@TempDir Path dir) throws Exception {
        String[] p = settledPayment();
        Path key = dir.resolve("audit.pem");
        Files.writeString(key, http.get("/v1/audit/public-key", COMPLIANCE).raw().body());

        Path ndjson = export(dir, "account=" + p[2], "ndjson");
        assertVerdict(0, "VERIFIED", ndjson, key);
        assertTrue(run(ndjson, key).contains("account " + p[2] + " complete"));
        Path csv = export(dir, "account=" + p[2] + "&format=csv", "csv");
        assertVerdict(0, "VERIFIED", csv, key);
        assertVerdict(0, "VERIFIED", export(dir, "", "ndjson"), key);

        List<String> lines = Files.readAllLines(ndjson);
        int recordLine = 2;
        assertTrue(lines.get(recordLine).contains("\"type\":\"record\""));

        List<String> edited = new ArrayList<>(lines);
        edited.set(recordLine, lines.get(recordLine).replace("\\\"currency\\\":\\\"USD\\\"", "\\\"currency\\\":\\\"EUR\\\""));
        assertFalse(edited.get(recordLine).equals(lines.get(recordLine)), "the edit must change the line");
        assertVerdict(1, "was edited", write(dir, "edited.ndjson", edited), key);

        List<String> dropped = new ArrayList<>(lines);
        dropped.remove(recordLine);
        assertVerdict(1, "missing", write(dir, "dropped.ndjson", dropped), key);

        List<String> noManifest = new ArrayList<>(lines.subList(0, lines.size() - 1));
        assertVerdict(1, "no manifest", write(dir, "cut.ndjson", noManifest), key);

        Path otherKey = dir.resolve("other.pem");
        var other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Files.writeString(otherKey, "-----BEGIN PUBLIC KEY-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(other.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        assertVerdict(1, "signature does not verify", ndjson, otherKey);
    }

    @Test
    void theBooksBalanceAndTheReadModelMatchesTheEvents() {
        String[] p = settledPayment();
        JsonNode report = http.get("/v1/audit/integrity", COMPLIANCE).body();
        assertTrue(report.get("ok").asBoolean(), report.toString());
        JsonNode usd = null;
        for (JsonNode currency : report.get("currencies")) {
            if (currency.get("currency").asString().equals("USD")) {
                usd = currency;
            }
        }
        assertNotNull(usd);
        assertEquals(0, usd.get("postedSum").asLong());
        assertTrue(usd.get("balanced").asBoolean());
        assertEquals("incremental", report.get("mode").asString());
        // A full check reads every account event again and finds the same books.
        JsonNode full = http.get("/v1/audit/integrity?full=true", COMPLIANCE).body();
        assertEquals("full", full.get("mode").asString());
        assertTrue(full.get("ok").asBoolean(), full.toString());
        assertTrue(full.get("eventsRead").asLong() >= 2, full.toString());
        Http.Response again = http.get("/v1/audit/integrity", COMPLIANCE);
        assertEquals(full.get("currencies"), again.body().get("currencies"));
        Http.Response bad = http.get("/v1/audit/integrity?full=perhaps", COMPLIANCE);
        assertEquals(400, bad.status(), bad.body().toString());

        assertEquals(1.0, schedule.checkIntegrity().ok() ? meters.get("ledger.integrity.ok").gauge().value() : -1);

        jdbc.update("update account_view set posted = posted + 1 where account_id = ?", p[3]);
        try {
            JsonNode broken = http.get("/v1/audit/integrity", COMPLIANCE).body();
            assertFalse(broken.get("ok").asBoolean());
            assertEquals(p[3], broken.get("mismatches").get(0).get("accountId").asString());
            schedule.checkIntegrity();
            assertEquals(0.0, meters.get("ledger.integrity.ok").gauge().value());
        } finally {
            jdbc.update("update account_view set posted = posted - 1 where account_id = ?", p[3]);
        }
    }

    private Path export(Path dir, String query, String extension) throws Exception {
        Http.Response response = http.get("/v1/audit/export?" + query, COMPLIANCE);
        assertEquals(200, response.status(), response.raw().body());
        Path file = Files.createTempFile(dir, "export", "." + extension);
        Files.writeString(file, response.raw().body(), StandardCharsets.UTF_8);
        return file;
    }

    private static Path write(Path dir, String name, List<String> lines) throws Exception {
        return Files.write(dir.resolve(name), lines, StandardCharsets.UTF_8);
    }

    private static String run(Path file, Path key) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VerifyExport.run(new String[] {file.toString(), "--public-key", key.toString()}, new PrintStream(out), System.err);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void assertVerdict(int exit, String contains, Path file, Path key) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = VerifyExport.run(new String[] {file.toString(), "--public-key", key.toString()}, new PrintStream(out),
                System.err);
        String verdict = out.toString(StandardCharsets.UTF_8);
        assertEquals(exit, code, verdict);
        assertTrue(verdict.contains(contains), verdict);
    }

    private void reinsert(Map<String, Object> row) {
        jdbc.update("""
                insert into domain_event_entry (global_index, sequence_number, meta_data, payload, aggregate_identifier,
                    event_identifier, payload_revision, payload_type, time_stamp, type) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                row.get("global_index"), row.get("sequence_number"), row.get("meta_data"), row.get("payload"),
                row.get("aggregate_identifier"), row.get("event_identifier"), row.get("payload_revision"),
                row.get("payload_type"), row.get("time_stamp"), row.get("type"));
    }

    private void swap(long a, long b) {
        jdbc.update("update domain_event_entry set global_index = -1 where global_index = ?", a);
        jdbc.update("update domain_event_entry set global_index = ? where global_index = ?", a, b);
        jdbc.update("update domain_event_entry set global_index = ? where global_index = -1", b);
    }
}
