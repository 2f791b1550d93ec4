package io.ledger.api.it;

import io.ledger.api.LedgerApplication;
import io.ledger.audit.VerifyExport;
import io.ledger.audit.AuditRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A million-record audit log exported over HTTP and verified offline, with the heap watched while it
 * streams. The test JVM runs with -Xmx1g (see ledger-api/pom.xml): an export that buffered its
 * 1.5 GB body would fail here. The figures are printed for docs/compliance.md.
 */
@DirtiesContext
@SpringBootTest(classes = LedgerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuditExportScaleIT {

    private static final String DATABASE = TestDatabase.create("scale");
    private static final int RECORDS = Integer.getInteger("ledger.scale.records", 1_000_000);

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        LedgerIT.testApplication(registry, DATABASE);
        // The production interval: about a thousand checkpoints for a million records.
        registry.add("ledger.audit.checkpoint-interval", () -> "1024");
    }

    @Test
    void aMillionRecordExportStreamsInFlatMemoryAndVerifiesOffline(@TempDir Path dir) throws Exception {
        long start = System.nanoTime();
        seed(RECORDS);
        double seeded = seconds(start);

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(baseline);
        AtomicLong livePeak = new AtomicLong(baseline);
        AtomicBoolean exporting = new AtomicBoolean(true);
        // Used heap includes garbage not yet collected; what the export retains is the heap left after a
        // full collection, so the sampler forces one every two seconds and records both.
        Thread sampler = new Thread(() -> {
            long lastGc = System.nanoTime();
            while (exporting.get()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                if (System.nanoTime() - lastGc > 2_000_000_000L) {
                    System.gc();
                    livePeak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    lastGc = System.nanoTime();
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        Path file = dir.resolve("audit.ndjson");
        long exportStart = System.nanoTime();
        HttpResponse<Path> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/audit/export"))
                        .header("Authorization", "Bearer " + Tokens.token("auditor", "compliance"))
                        .timeout(Duration.ofMinutes(20)).build(),
                HttpResponse.BodyHandlers.ofFile(file));
        double exported = seconds(exportStart);
        exporting.set(false);
        sampler.join();
        assertEquals(200, response.statusCode());

        Path key = dir.resolve("audit.pem");
        HttpResponse<String> pem = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/audit/public-key"))
                        .header("Authorization", "Bearer " + Tokens.token("auditor", "compliance")).build(),
                HttpResponse.BodyHandlers.ofString());
        Files.writeString(key, pem.body());
        long verifyStart = System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = VerifyExport.run(new String[] {file.toString(), "--public-key", key.toString()}, new PrintStream(out),
                System.err);
        double verified = seconds(verifyStart);
        String verdict = out.toString(StandardCharsets.UTF_8);

        long mb = 1024 * 1024;
        System.out.printf("AUDIT EXPORT SCALE: %,d records seeded in %.1f s; exported %,d MB in %.1f s; "
                        + "heap before %,d MB, live heap peak after GC %,d MB, used peak incl. garbage %,d MB "
                        + "(max heap %,d MB); verified offline in %.1f s%n",
                RECORDS, seeded, Files.size(file) / mb, exported, baseline / mb, livePeak.get() / mb, peak.get() / mb,
                memory.getHeapMemoryUsage().getMax() / mb, verified);
        assertEquals(0, exit, verdict);
        assertTrue(verdict.contains(String.format("%d records, %d signed checkpoints", RECORDS, (RECORDS + 1023) / 1024)),
                verdict);
        assertTrue(livePeak.get() - baseline < 200 * mb,
                "the export retained " + (livePeak.get() - baseline) / mb + " MB of heap");
    }

    /** A million records take 1.5 GB; give the space back so repeated runs do not fill the disk. */
    @AfterEach
    void release() throws Exception {
        try (Connection connection = dataSource.getConnection(); var statement = connection.createStatement()) {
            statement.execute("truncate audit_record, audit_checkpoint");
        }
    }

    /** Writes a hash-chained audit log of n records with COPY, as the projection would have. */
    private void seed(int n) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("""
                    copy audit_record (audit_seq, global_position, event_id, event_type, aggregate_type, aggregate_id,
                        aggregate_seq, event_timestamp, event_time, payload, metadata, correlation_id, causation_id,
                        principal, scopes, account_ids, payment_id, prev_hash, hash) from stdin with (format csv)""");
            String previous = AuditRecord.GENESIS;
            Instant base = Instant.parse("2026-01-01T00:00:00Z");
            StringBuilder batch = new StringBuilder(1 << 20);
            for (int i = 1; i <= n; i++) {
                String account = "acc-" + (i % 10_000);
                String payment = UUID.nameUUIDFromBytes(Integer.toString(i / 5).getBytes()).toString();
                String timestamp = base.plusMillis(i).toString();
                String payload = "{\"accountId\":\"" + account + "\",\"paymentId\":\"" + payment
                        + "\",\"amount\":{\"minorUnits\":" + (i % 100_000 + 1) + ",\"currency\":\"USD\"}}";
                String metadata = "{\"correlationId\":\"c-" + (i / 5) + "\",\"causationId\":\"m-" + i
                        + "\",\"principal\":\"scale\",\"scopes\":\"wallet\"}";
                AuditRecord record = new AuditRecord(i, i, "evt-" + i, "io.ledger.messages.account.DebitReservedEvent",
                        "Account", account, i / 10_000, timestamp, payload, metadata, null, null).chainedAfter(previous);
                previous = record.hash();
                batch.append(i).append(',').append(i).append(',').append(record.eventId()).append(',')
                        .append(record.eventType()).append(",Account,").append(account).append(',')
                        .append(record.aggregateSeq()).append(',').append(timestamp).append(',').append(timestamp)
                        .append(',').append(csv(payload)).append(',').append(csv(metadata)).append(",c-").append(i / 5)
                        .append(",m-").append(i).append(",scale,wallet,\"{").append(account).append("}\",")
                        .append(payment).append(',').append(record.prevHash()).append(',').append(record.hash())
                        .append('\n');
                if (batch.length() > (1 << 20) - 4096 || i == n) {
                    byte[] bytes = batch.toString().getBytes(StandardCharsets.UTF_8);
                    copy.writeToCopy(bytes, 0, bytes.length);
                    batch.setLength(0);
                }
            }
            copy.endCopy();
            // What autovacuum would do soon after a load this size; without it the planner scans.
            try (var statement = connection.createStatement()) {
                statement.execute("analyze audit_record");
            }
        }
    }

    private static String csv(String value) {
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
