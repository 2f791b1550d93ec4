package io.ledger.api.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built jar, run as a real process, is killed with SIGKILL at random moments while payments pour
 * in, three times, and PostgreSQL is restarted under load once: a PostgreSQL of the test's own
 * ({@link PrivatePostgres}), never the machine's server that other clients use. Afterwards every payment the service
 * acknowledged exists exactly once and is terminal, no hold is left, the books balance and the audit
 * chain verifies: sagas and deadlines resumed from the database.
 */
class CrashIT {

    private static final Path JAR = ServiceProcess.JAR;
    private final List<Process> processes = new ArrayList<>();
    private PrivatePostgres postgres;
    /** The test's database on its own PostgreSQL, and the port and client of the service it runs. */
    private String database;
    private JdbcTemplate jdbc;
    private int port;
    private Http http;

    @AfterEach
    void stop() throws Exception {
        processes.forEach(Process::destroyForcibly);
        for (Process process : processes) {
            process.waitFor(10, TimeUnit.SECONDS);
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void killedMidFlightNothingAcknowledgedIsLostOrDoubled(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path home) throws Exception {
        boot("crash", home);
        String admin = Tokens.token("ops", "admin");

        assertEquals(201, http.post("/v1/accounts", admin,
                "{\"accountId\":\"bank\",\"ownerId\":\"bank\",\"currency\":\"USD\",\"type\":\"SYSTEM\"}").status());
        assertEquals(201, http.post("/v1/accounts", admin,
                "{\"accountId\":\"nostro\",\"ownerId\":\"house-bank\",\"currency\":\"USD\",\"type\":\"CLEARING\"}").status());
        List<String> wallets = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String id = "w" + i;
            assertEquals(201, http.post("/v1/accounts", admin, "{\"accountId\":\"" + id
                    + "\",\"ownerId\":\"owner" + i + "\",\"currency\":\"USD\",\"type\":\"WALLET\"}").status());
            Http.Response funded = http.post("/v1/payments", admin, "{\"debtorAccount\":\"bank\",\"creditorAccount\":\""
                    + id + "\",\"amount\":\"1000.00\",\"currency\":\"USD\"}", Map.of("Idempotency-Key", "fund-" + id,
                    "Prefer", "wait=10"));
            assertEquals("SETTLED", funded.text("status"));
            wallets.add(id);
        }

        assertEquals(Runtime.getRuntime().availableProcessors(), jdbc.queryForObject("select count(*) from token_entry "
                + "where processor_name = 'PaymentSagaProcessor'", Integer.class), "settlement runs a segment per core");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Set<String> payouts = ConcurrentHashMap.newKeySet();
        Set<String> answered = ConcurrentHashMap.newKeySet();
        Random random = new Random(42);
        for (int round = 0; round < 4; round++) {
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService load = Executors.newFixedThreadPool(7);
            for (int t = 0; t < 6; t++) {
                int thread = t;
                load.submit(() -> drive(http, wallets, acknowledged, payouts, running, thread));
            }
            load.submit(() -> {
                while (running.get()) {
                    answerTheBank(http, answered);
                    sleep(300);
                }
            });
            Thread.sleep(1500 + random.nextInt(2500));
            if (round == 3) {
                postgres.restart();
                Thread.sleep(3000);
            } else {
                processes.get(processes.size() - 1).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            running.set(false);
            load.shutdown();
            load.awaitTermination(30, TimeUnit.SECONDS);
            if (round < 3) {
                start(home);
            }
        }
        System.out.printf("CRASH TEST: %d payments acknowledged across 3 kills and a PostgreSQL restart%n",
                acknowledged.size());
        assertTrue(acknowledged.size() > 20, "the load must actually have run");
        System.out.printf("CRASH TEST: %d payouts acknowledged, %d answered by the bank lane during the kills%n",
                payouts.size(), answered.size());
        assertTrue(payouts.size() > 3, "payouts must actually have been made");

        // The bank lane answers what is still waiting; every payout then ends, and so does every payout saga.
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            answerTheBank(http, answered);
            assertEquals(List.of(), jdbc.queryForList("select payout_id || ' ' || status from payout_view "
                    + "where status in ('PENDING', 'INSTRUCTED', 'OVERDUE')", String.class), "payouts still open");
        });
        for (String payoutId : payouts) {
            assertEquals(1L, jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ? "
                    + "and payload_type like '%PayoutInitiatedEvent'", Long.class, payoutId), payoutId);
            assertEquals(1L, jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ? "
                    + "and payload_type similar to '%Payout(Settled|Rejected|Refused)Event'", Long.class, payoutId), payoutId);
            assertTrue(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ? "
                    + "and payload_type like '%PayoutReturnedEvent'", Long.class, payoutId) <= 1, payoutId);
        }
        await().untilAsserted(() -> assertEquals(0L, jdbc.queryForObject("select count(*) from saga_entry", Long.class),
                "every payout saga ended"));

        // Authorizations live at most 7 s: by now every one was captured or expired, from deadlines in the database.
        await().atMost(Duration.ofSeconds(150)).untilAsserted(() -> assertEquals(List.of(), jdbc.queryForList(
                "select payment_id || ' ' || status || ' ' || capture_mode || ' ' || coalesce(expires_at::text, '') "
                        + "from payment_view where status in ('PENDING', 'AUTHORIZED')", String.class), "still open"));
        assertTrue(jdbc.queryForObject("select count(*) from payment_view where capture_mode = 'MANUAL' and status = 'EXPIRED'",
                Long.class) > 0, "some authorizations expired");
        for (String paymentId : acknowledged) {
            assertEquals(1L, jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ? "
                    + "and payload_type like '%PaymentInitiatedEvent'", Long.class, paymentId), paymentId);
            assertEquals(1L, jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ? "
                    + "and payload_type similar to '%(Settled|Rejected|Expired|Voided)Event'", Long.class, paymentId), paymentId);
        }
        await().untilAsserted(() -> assertEquals(0L, jdbc.queryForObject(
                "select count(*) from account_view where pending_debits <> 0 or pending_credits <> 0", Long.class)));
        assertEquals(0L, jdbc.queryForObject("select coalesce(sum(posted), 0) from account_view", Long.class));
        String compliance = Tokens.token("auditor", "compliance");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertTrue(http.get("/v1/audit/integrity", compliance).body().get("ok").asBoolean());
            assertTrue(http.get("/v1/audit/verify", compliance).body().get("verified").asBoolean());
        });

        // Graceful stop (SIGTERM) while an export streams: the request in flight finishes, and the
        // processors give their claims back instead of letting them time out.
        var inFlight = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/v1/audit/export"))
                        .header("Authorization", "Bearer " + compliance).build(),
                java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        Process last = processes.get(processes.size() - 1);
        last.destroy();
        String exported = new String(inFlight.body().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(200, inFlight.statusCode());
        assertTrue(exported.strip().endsWith("}") && exported.contains("\"type\":\"manifest\""),
                "the export in flight was completed, manifest included");
        assertTrue(last.waitFor(60, TimeUnit.SECONDS), "stopped within the graceful shutdown period");
        assertEquals(0L, jdbc.queryForObject("select count(*) from token_entry where owner is not null", Long.class),
                "every token claim was released");

        // With the service stopped, the rebuild command replays the read models to the same state.
        List<Map<String, Object>> before = jdbc.queryForList(
                "select account_id, posted, pending_debits, pending_credits, version from account_view order by account_id");
        jdbc.update("update account_view set posted = 0");
        Process rebuild = ServiceProcess.command(database, home, "rebuild.log", "rebuild-read-models").start();
        assertTrue(rebuild.waitFor(120, TimeUnit.SECONDS), "the rebuild command finishes");
        assertEquals(0, rebuild.exitValue(), java.nio.file.Files.readString(home.resolve("rebuild.log")));
        assertEquals(before, jdbc.queryForList(
                "select account_id, posted, pending_debits, pending_credits, version from account_view order by account_id"));
    }

    /**
     * A payment file's import killed in the middle is seen as INTERRUPTED after the restart and nothing of it was
     * sent; uploaded again it imports from the start; killed again while its items are being sent, the dispatch
     * resumes on the restarted instance. Every line is booked exactly once and the books balance.
     */
    @Test
    void aFileImportKilledMidwayIsReportedAndBookedOnceWhenUploadedAgain(
            @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path home) throws Exception {
        boot("crashfile", home);
        String admin = Tokens.token("ops", "admin");
        String payroll = Tokens.token("payroll", "wallet");
        assertEquals(201, http.post("/v1/accounts", admin,
                "{\"accountId\":\"bank\",\"ownerId\":\"bank\",\"currency\":\"USD\",\"type\":\"SYSTEM\"}").status());
        assertEquals(201, http.post("/v1/accounts", payroll, "{\"accountId\":\"payer\",\"currency\":\"USD\",\"type\":\"WALLET\"}").status());
        assertEquals(201, http.post("/v1/accounts", Tokens.token("staff", "wallet"),
                "{\"accountId\":\"payee\",\"currency\":\"USD\",\"type\":\"WALLET\"}").status());
        assertEquals("SETTLED", http.post("/v1/payments", admin, "{\"debtorAccount\":\"bank\",\"creditorAccount\":"
                + "\"payer\",\"amount\":\"1000.00\",\"currency\":\"USD\"}", Map.of("Idempotency-Key", "fund",
                "Prefer", "wait=10")).text("status"));
        int lines = 4_000;
        String fileId = io.ledger.messages.common.Ids.fileIdFor("payroll", "payroll-file");

        // 1. Killed while the file arrives (slowly: about 1,000 lines a second).
        ExecutorService uploader = Executors.newSingleThreadExecutor();
        uploader.submit(() -> uploadFile(port, payroll, lines, 1_000));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            var file = http.get("/v1/payment-files/" + fileId, payroll);
            return file.status() == 200 && file.body().get("itemCount").asInt() >= 2_000;
        });
        processes.get(processes.size() - 1).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        uploader.shutdownNow();
        start(home);
        assertEquals("INTERRUPTED", http.get("/v1/payment-files/" + fileId, payroll).text("status"));
        assertEquals(0L, jdbc.queryForObject("select count(*) from domain_event_entry where payload_type like "
                + "'%PaymentInitiatedEvent'", Long.class) - 1, "nothing of an interrupted import was sent");

        // 2. Uploaded again: imported from the start; killed again while its items are being sent.
        assertEquals(201, uploadFile(port, payroll, lines, 0));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            var items = http.get("/v1/payment-files/" + fileId, payroll).body().get("items");
            return items.has("SETTLED") && items.get("SETTLED").asLong() >= 500;
        });
        processes.get(processes.size() - 1).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        start(home);

        // 3. The dispatch resumes on the restarted instance; every line is booked once.
        long resumed = System.nanoTime();
        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            var file = http.get("/v1/payment-files/" + fileId, payroll).body();
            assertEquals("DISPATCHED", file.get("status").asString(), file.toString());
            assertEquals(lines, file.get("items").path("SETTLED").asLong(), file.toString());
        });
        System.out.printf("CRASH TEST: a file of %d lines, killed in its import and in its dispatch, all booked %d s "
                + "after the second restart%n", lines, (System.nanoTime() - resumed) / 1_000_000_000L);
        assertEquals(List.of(), jdbc.queryForList("select aggregate_identifier from domain_event_entry where payload_type "
                + "like '%PaymentInitiatedEvent' group by 1 having count(*) > 1", String.class), "booked twice");
        assertEquals((long) lines, jdbc.queryForObject("select count(*) from payment_batch_item i join payment_view p "
                + "on p.payment_id = i.payment_id where i.batch_id = ? and p.status = 'SETTLED'", Long.class, fileId));
        await().untilAsserted(() -> assertEquals(List.of(96_000L, 4_000L), jdbc.queryForList(
                "select posted from account_view where account_id in ('payer', 'payee') order by account_id desc", Long.class)));
        assertEquals(0L, jdbc.queryForObject("select coalesce(sum(posted), 0) from account_view", Long.class));
        String compliance = Tokens.token("auditor", "compliance");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertTrue(http.get("/v1/audit/verify", compliance).body().get("verified").asBoolean()));
    }

    /**
     * A bank statement's reconciliation killed in the middle (issue 22, ADR 0028) is finished by the restarted
     * instance: the lines decided before the kill stay as they were, the rest are decided, a top-up whose payment was
     * sent but whose decision was not recorded is answered as a replay, and every line is booked exactly once.
     */
    @Test
    void aStatementKilledWhileItIsReconciledIsFinishedOnceAfterTheRestart(
            @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path home) throws Exception {
        boot("crashstatement", home);
        String admin = Tokens.token("ops", "admin");
        assertEquals(201, http.post("/v1/accounts", admin,
                "{\"accountId\":\"nostro\",\"ownerId\":\"house-bank\",\"currency\":\"USD\",\"type\":\"CLEARING\"}").status());
        assertEquals(201, http.post("/v1/accounts", admin,
                "{\"accountId\":\"suspense\",\"ownerId\":\"bank\",\"currency\":\"USD\",\"type\":\"SYSTEM\"}").status());
        int wallets = 10;
        for (int i = 0; i < wallets; i++) {
            assertEquals(201, http.post("/v1/accounts", admin, "{\"accountId\":\"w" + i + "\",\"ownerId\":\"owner" + i
                    + "\",\"currency\":\"USD\",\"type\":\"WALLET\"}").status());
        }
        String iban = "DE89370400440532013000";
        assertEquals(201, http.post("/v1/bank-accounts", admin, "{\"iban\":\"" + iban + "\",\"currency\":\"USD\","
                + "\"clearingAccount\":\"nostro\",\"suspenseAccount\":\"suspense\"}").status());
        int lines = 600;
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        StringBuilder csv = new StringBuilder("record,statement_id,iban,currency,date,direction,amount,end_to_end_id,"
                + "bank_reference,counterparty_iban,remittance_info,return_reason\n");
        for (int line = 1; line <= lines; line++) {
            csv.append("ENTRY,DAY-1,").append(iban).append(",USD,").append(today).append(",CRDT,1.00,,B-").append(line)
                    .append(",,top-up w").append(line % wallets).append(",\n");
        }
        csv.append("OPENING,DAY-1,").append(iban).append(",USD,").append(today).append(",CRDT,0.00,,,,,\n");
        csv.append("CLOSING,DAY-1,").append(iban).append(",USD,").append(today).append(",CRDT,").append(lines)
                .append(".00,,,,,\n");
        Http.Response uploaded = http.post("/v1/bank-statements", Tokens.token("bank-lane", "bank"), csv.toString(),
                Map.of("Content-Type", "text/csv", "Prefer", "wait=1"));
        assertEquals(201, uploaded.status(), uploaded.body().toString());
        String statementId = uploaded.text("statementId");
        String decided = "select count(*) from bank_statement_line where statement_id = ? and outcome <> 'PENDING'";

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() ->
                jdbc.queryForObject(decided, Long.class, statementId) >= 50);
        processes.get(processes.size() - 1).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        long beforeRestart = jdbc.queryForObject(decided, Long.class, statementId);
        assertTrue(beforeRestart < lines, "killed in the middle: " + beforeRestart + " of " + lines + " decided");
        start(home);

        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertEquals("RECONCILED", http.get("/v1/bank-statements/" + statementId, admin).text("status")));
        System.out.printf("CRASH TEST: a statement of %d lines killed after %d were decided, finished after the restart%n",
                lines, beforeRestart);
        assertEquals((long) lines, jdbc.queryForObject("select count(*) from bank_statement_line where statement_id = ? "
                + "and outcome = 'RECONCILED' and booked = 'TOP_UP'", Long.class, statementId));
        assertEquals(0L, jdbc.queryForObject("select count(*) from reconciliation_exception", Long.class));
        assertEquals(List.of(), jdbc.queryForList("select aggregate_identifier from domain_event_entry where payload_type "
                + "like '%PaymentInitiatedEvent' group by 1 having count(*) > 1", String.class), "booked twice");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertEquals((long) lines, jdbc.queryForObject("select count(*) from payment_view where debtor_account_id = "
                    + "'nostro' and status = 'SETTLED'", Long.class));
            assertEquals(-100L * lines, jdbc.queryForObject("select posted from account_view where account_id = 'nostro'",
                    Long.class));
            assertEquals(0L, jdbc.queryForObject("select coalesce(sum(posted), 0) from account_view", Long.class));
        });
        assertTrue(http.get("/v1/bank-statements/" + statementId + "/reconciliation", admin).body()
                .get("balanceCheck").get("agrees").asBoolean(), "the bank and the clearing account agree");
    }

    /** Uploads a CSV file of {@code lines} payments of 0.01 from payer to payee, at most perSecond lines a second. */
    private static int uploadFile(int port, String token, int lines, int perSecond) throws Exception {
        java.io.InputStream body = new java.io.InputStream() {
            private final long started = System.nanoTime();
            private byte[] current = "debtor_account,creditor_account,amount,currency\n".getBytes();
            private int position;
            private int line;

            @Override
            public int read() {
                if (position == current.length) {
                    if (line == lines) {
                        return -1;
                    }
                    line++;
                    if (perSecond > 0 && line % 100 == 0) {
                        long due = started + line * 1_000_000_000L / perSecond;
                        sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
                    }
                    current = "payer,payee,0.01,USD\n".getBytes();
                    position = 0;
                }
                return current[position++];
            }
        };
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
                        + "/v1/payment-files"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                .header("Idempotency-Key", "payroll-file").timeout(Duration.ofMinutes(5))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.BufferedInputStream(body)))
                .build();
        return java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    /**
     * One client: mostly instant payments; one in four an authorization living a few seconds, some of which
     * it captures later as the creditor's owner. Kills land between authorizations and their captures and
     * during expiries, whose deadlines must fire from the database after the restart.
     */
    private static void drive(Http http, List<String> wallets, Set<String> acknowledged, Set<String> payouts,
                              AtomicBoolean running, int seed) {
        Random random = new Random(seed * 7919L + System.nanoTime());
        java.util.Deque<String[]> authorizations = new java.util.ArrayDeque<>();
        while (running.get()) {
            int from = random.nextInt(wallets.size());
            int to = (from + 1 + random.nextInt(wallets.size() - 1)) % wallets.size();
            String owner = "owner" + from;
            boolean manual = random.nextInt(4) == 0;
            try {
                if (random.nextInt(10) == 0) {
                    Http.Response payout = http.post("/v1/payouts", Tokens.token(owner, "wallet"),
                            "{\"debtorAccount\":\"" + wallets.get(from) + "\",\"amount\":\"" + (1 + random.nextInt(300))
                                    + ".00\",\"currency\":\"USD\",\"beneficiary\":{\"name\":\"Someone\","
                                    + "\"iban\":\"DE89370400440532013000\"}}",
                            Map.of("Idempotency-Key", "payout-" + java.util.UUID.randomUUID()));
                    if (payout.status() == 202 || payout.status() == 201) {
                        payouts.add(payout.text("payoutId"));
                    }
                    continue;
                }
                if (!authorizations.isEmpty() && random.nextInt(3) == 0) {
                    String[] authorization = authorizations.poll();
                    http.post("/v1/payments/" + authorization[0] + "/capture", Tokens.token(authorization[1], "wallet"), null,
                            Map.of("Idempotency-Key", "capture-" + authorization[0]));
                    continue;
                }
                Http.Response response = http.post("/v1/payments", Tokens.token(owner, "wallet"),
                        "{\"debtorAccount\":\"" + wallets.get(from) + "\",\"creditorAccount\":\"" + wallets.get(to)
                                + "\",\"amount\":\"" + (1 + random.nextInt(500)) + ".00\",\"currency\":\"USD\""
                                + (manual ? ",\"capture\":\"MANUAL\",\"authorizationTtl\":\"PT" + (2 + random.nextInt(6)) + "S\"" : "")
                                + "}",
                        Map.of("Idempotency-Key", "crash-" + java.util.UUID.randomUUID()));
                if (response.status() == 202 || response.status() == 201) {
                    acknowledged.add(response.text("paymentId"));
                    if (manual) {
                        authorizations.add(new String[] {response.text("paymentId"), "owner" + to});
                    }
                }
            } catch (RuntimeException connectionRefusedWhileDown) {
                sleep(100);
            }
        }
    }

    /**
     * The test bank lane: answers every instruction it finds, two in three ACCEPTED and the rest REJECTED, and
     * returns one settled payout in four. Answers lost to a kill are sent again on the next pass.
     */
    private static void answerTheBank(Http http, Set<String> answered) {
        String bank = Tokens.token("bank-lane", "bank");
        try {
            for (String status : new String[] {"INSTRUCTED", "OVERDUE", "SETTLED"}) {
                http.get("/v1/payouts?limit=200&status=" + status, bank).body().get("items").forEach(item -> {
                    String id = item.get("payoutId").asString();
                    int decision = Math.floorMod(id.hashCode(), 12);
                    String answer = !status.equals("SETTLED")
                            ? (decision < 8 ? "{\"result\":\"ACCEPTED\",\"bankReference\":\"ref-" + decision + "\"}"
                                    : "{\"result\":\"REJECTED\",\"reasonCode\":\"AC04\"}")
                            : decision < 2 && (item.get("rejectionReason") == null || item.get("rejectionReason").isNull())
                                    ? "{\"result\":\"RETURNED\",\"reasonCode\":\"AC06\"}" : null;
                    if (answer != null) {
                        int code = http.post("/v1/payouts/" + id + "/bank-result", bank, answer).status();
                        if (code == 200 || code == 202) {
                            answered.add(id);
                        }
                    }
                });
            }
        } catch (RuntimeException connectionRefusedWhileDown) {
            sleep(100);
        }
    }

    /** Starts the test's own PostgreSQL, a database of this name on it, and the service on that database. */
    private void boot(String name, Path home) throws Exception {
        assertTrue(JAR.toFile().exists(), "run after package: " + JAR.toAbsolutePath());
        postgres = PrivatePostgres.start();
        database = TestDatabase.create(postgres.url(""), name);
        jdbc = new JdbcTemplate(new DriverManagerDataSource(database, TestDatabase.USER, TestDatabase.PASSWORD));
        port = ServiceProcess.freePort();
        http = new Http(port);
        start(home);
    }

    private void start(Path home) throws IOException {
        processes.add(ServiceProcess.start(database, home, port, "service-" + processes.size() + ".log"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
