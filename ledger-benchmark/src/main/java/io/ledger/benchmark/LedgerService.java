package io.ledger.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The ledger under test: the built jar in its own process, on a fresh database, as an operator runs it. */
final class LedgerService implements AutoCloseable {

    private static final Pattern HEAP_USED = Pattern.compile(
            "(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.eE+-]+)$");
    private static final long CLOCK_TICKS_PER_SECOND = 100;
    /** Setup requests in flight; funding waits for settlement (Prefer: wait), so more clients fund faster. */
    static final int SETUP_CLIENTS = 128;

    private final Settings settings;
    private final int port;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String admin;
    private final Fixture fixture;

    private LedgerService(Settings settings, int port, Process process, Fixture fixture) {
        this.settings = settings;
        this.port = port;
        this.process = process;
        this.fixture = fixture;
        // One operator token for the run: admin for set-up and health, metrics for the Prometheus samples.
        this.admin = fixture.token("bench-ops", "admin metrics");
    }

    static LedgerService start(Settings settings, String database, String jwtSecret, Path home)
            throws IOException, InterruptedException {
        return start(settings, database, jwtSecret, home, settings.port());
    }

    /** One more instance on the same database, at its own port and home. */
    static LedgerService start(Settings settings, String database, String jwtSecret, Path home, int port)
            throws IOException, InterruptedException {
        Files.createDirectories(home);
        // The service's JVM: "java" on the PATH unless -Dbench.java names another, to compare runtimes.
        List<String> command = new ArrayList<>(List.of(serviceJava(), "-Xmx" + settings.serviceHeap(),
                "-Xms" + settings.serviceHeap(), "-XX:+UseG1GC"));
        // For profiling, e.g. -Dbench.serviceJvmArgs=-XX:StartFlightRecording=filename=service.jfr
        String extra = System.getProperty("bench.serviceJvmArgs", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-jar", settings.jar().toString(), "--server.port=" + port));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(home.resolve("service.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("LEDGER_DB_URL", settings.jdbcUrl(database));
        env.put("LEDGER_DB_USER", settings.pgUser());
        env.put("LEDGER_DB_PASSWORD", "");
        env.put("LEDGER_JWT_SECRET", jwtSecret);
        env.put("LEDGER_JWT_ISSUER", Fixture.ISSUER);
        env.put("LEDGER_JWT_AUDIENCE", Fixture.AUDIENCE);
        env.put("LEDGER_HOME", home.toString());
        // One client drives thousands of wallets from one address; the per-caller limits are not under test.
        env.put("LEDGER_RATE_LIMIT_ENABLED", "false");
        env.put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        // Its audit checkpoints are signed with a development key made in its home; a benchmark is not production.
        env.put("LEDGER_DEVELOPMENT", "true");
        LedgerService service = new LedgerService(settings, port, builder.start(), new Fixture(jwtSecret));
        service.awaitUp(Duration.ofMinutes(2));
        return service;
    }

    static String serviceJava() {
        String java = System.getProperty("bench.java", "").trim();
        return java.isEmpty() ? "java" : java;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    private void awaitUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + "; see service.log");
            }
            try {
                if (get("/actuator/health", admin).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the service did not come up within " + timeout);
    }

    HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String token, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The treasury (a SYSTEM account), the merchant, and the wallets, each funded from the treasury. */
    void openAndFund(int wallets) throws Exception {
        expect(201, post("/v1/accounts", admin, """
                {"accountId":"%s","ownerId":"bench-bank","currency":"%s","type":"SYSTEM"}"""
                .formatted(Fixture.TREASURY, Fixture.CURRENCY)));
        expect(201, post("/v1/accounts", admin, """
                {"accountId":"%s","ownerId":"%s","currency":"%s","type":"WALLET"}"""
                .formatted(Fixture.MERCHANT, Fixture.MERCHANT_OWNER, Fixture.CURRENCY)));
        inParallel(wallets, i -> open(Fixture.wallet(i), Fixture.owner(i)));
        inParallel(wallets, i -> expect(201, post("/v1/payments", admin, """
                {"debtorAccount":"%s","creditorAccount":"%s","amount":"%s","currency":"%s"}"""
                        .formatted(Fixture.TREASURY, Fixture.wallet(i), Fixture.amount(Fixture.FUNDING_MINOR_UNITS),
                                Fixture.CURRENCY),
                "Idempotency-Key", "fund-" + i, "Prefer", "wait=30")));
    }

    /**
     * Limits a customer might have, checked on every payment and never reached in a run (payments move at most
     * 5.00, a wallet holds 1,000.00): the cost of the check, not of refusals.
     */
    static final String WALLET_LIMITS = """
            {"perPayment":"500.00","windows":[{"window":"DAY","amount":"5000.00","count":10000},\
            {"window":"WEEK","amount":"20000.00","count":50000},{"window":"MONTH","amount":"50000.00","count":100000}]}""";

    static final int RISK_RULE_COUNT = 10;

    /**
     * Ten risk rules of every kind a wallet provider might run (ADR 0026), out of reach of the run's payments (at most
     * 5.00, a few a minute per wallet): two amount rules, three velocity rules, two new-account rules, and deny and
     * watch lists of 1,000 and 100 accounts nobody pays.
     */
    void publishRiskRules() throws Exception {
        String backOffice = fixture.token("bench-analyst", "backoffice");
        String c = Fixture.CURRENCY;
        StringBuilder rules = new StringBuilder("[");
        rules.append(amountRule("large-payment", "REVIEW", "1000.00", c)).append(',')
                .append(amountRule("huge-payment", "DENY", "10000.00", c)).append(',')
                .append(velocityRule("burst-minute", "REVIEW", 100, 1)).append(',')
                .append(velocityRule("burst-two-minutes", "DENY", 100, 2)).append(',')
                .append(velocityRule("burst-five-minutes", "DENY", 100, 5)).append(',')
                .append(newAccountRule("new-account-week", "REVIEW", "900000.00", c, 7)).append(',')
                .append(newAccountRule("new-account-month", "DENY", "1000000.00", c, 30)).append(',')
                .append(listRule("deny-list", "DENY", "mule", 1_000)).append(',')
                .append(listRule("watch-list", "REVIEW", "watched", 100)).append(',')
                .append(amountRule("large-payment-eur", "REVIEW", "900.00", "EUR")).append(']');
        HttpRequest request = HttpRequest.newBuilder(uri("/v1/risk/rules"))
                .header("Authorization", "Bearer " + backOffice).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"rules\":" + rules + "}")).build();
        expect(200, http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    private static String amountRule(String name, String outcome, String amount, String currency) {
        return """
                {"name":"%s","kind":"AMOUNT_OVER","outcome":"%s","amount":"%s","currency":"%s"}"""
                .formatted(name, outcome, amount, currency);
    }

    private static String velocityRule(String name, String outcome, int count, int minutes) {
        return """
                {"name":"%s","kind":"VELOCITY","outcome":"%s","count":%d,"minutes":%d}"""
                .formatted(name, outcome, count, minutes);
    }

    private static String newAccountRule(String name, String outcome, String amount, String currency, int days) {
        return """
                {"name":"%s","kind":"NEW_ACCOUNT_OUTFLOW","outcome":"%s","amount":"%s","currency":"%s","days":%d}"""
                .formatted(name, outcome, amount, currency, days);
    }

    private static String listRule(String name, String outcome, String prefix, int accounts) {
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < accounts; i++) {
            ids.append(i == 0 ? "" : ",").append('"').append(prefix).append('-').append(i).append('"');
        }
        return """
                {"name":"%s","kind":"COUNTERPARTY_LISTED","outcome":"%s","counterparties":[%s]}"""
                .formatted(name, outcome, ids);
    }

    /** Sets {@link #WALLET_LIMITS} on every wallet, as the back office would. */
    void limitEveryWallet(int wallets) throws Exception {
        String backOffice = fixture.token("bench-clerk", "backoffice");
        inParallel(wallets, i -> {
            HttpRequest request = HttpRequest.newBuilder(uri("/v1/limits/accounts/" + Fixture.wallet(i)))
                    .header("Authorization", "Bearer " + backOffice).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(60)).PUT(HttpRequest.BodyPublishers.ofString(WALLET_LIMITS)).build();
            expect(200, http.send(request, HttpResponse.BodyHandlers.ofString()));
        });
    }

    /**
     * Sets {@link #WALLET_LIMITS} on every wallet's owner, across the owner's accounts (ADR 0034): every payment is
     * then asked of its owner and counted by it.
     */
    void limitEveryOwner(int wallets) throws Exception {
        String backOffice = fixture.token("bench-clerk", "backoffice");
        inParallel(wallets, i -> {
            HttpRequest ofOwner = HttpRequest.newBuilder(uri("/v1/limits/owners/" + Fixture.CURRENCY))
                    .header("Authorization", "Bearer " + backOffice).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(60)).PUT(HttpRequest.BodyPublishers.ofString(
                            "{\"ownerId\":\"" + Fixture.owner(i) + "\"," + WALLET_LIMITS.substring(1))).build();
            expect(200, http.send(ofOwner, HttpResponse.BodyHandlers.ofString()));
        });
    }

    /**
     * Opens a wallet. Under the set-up's load the read model may not show it within the request; the
     * service then answers 503 (opened, not readable yet), and the wallet is read until it is there.
     */
    private void open(String accountId, String owner) throws IOException, InterruptedException {
        HttpResponse<String> opened = post("/v1/accounts", admin, """
                {"accountId":"%s","ownerId":"%s","currency":"%s","type":"WALLET"}"""
                .formatted(accountId, owner, Fixture.CURRENCY));
        if (opened.statusCode() == 503) {
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            HttpResponse<String> read;
            while ((read = get("/v1/accounts/" + accountId, admin)).statusCode() == 404 && System.nanoTime() < giveUp) {
                Thread.sleep(100);
            }
            expect(200, read);
            return;
        }
        expect(201, opened);
    }

    /**
     * Submits payments from the treasury to random wallets in batches of {@code perBatch} (the admin's lane for
     * volume: payroll, bulk payouts), one batch after another, each answered 202 once stored.
     */
    void submitBatches(int payments, int perBatch, long seed) throws IOException, InterruptedException {
        java.util.Random random = new java.util.Random(seed);
        for (int batch = 0; batch * perBatch < payments; batch++) {
            StringBuilder body = new StringBuilder("{\"items\":[");
            int size = Math.min(perBatch, payments - batch * perBatch);
            for (int i = 0; i < size; i++) {
                body.append(i == 0 ? "" : ",").append("""
                        {"idempotencyKey":"bench-batch-%d-%d-%d","debtorAccount":"%s","creditorAccount":"%s",\
                        "amount":"%s","currency":"%s"}""".formatted(seed, batch, i, Fixture.TREASURY,
                        Fixture.wallet(random.nextInt(settings.wallets())), Fixture.amount(1 + random.nextInt(500)),
                        Fixture.CURRENCY));
            }
            body.append("]}");
            expect(202, post("/v1/payment-batches", admin, body.toString(),
                    "Idempotency-Key", "bench-batch-" + seed + "-" + batch));
        }
    }

    /**
     * The compliance integrity check: books per currency, and every account's balance against its events; from the
     * events since the last check, or ({@code full}) from every event (ADR 0036).
     */
    Integrity integrity(boolean full) throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpResponse<String> response = get("/v1/audit/integrity" + (full ? "?full=true" : ""),
                fixture.token("bench-auditor", "compliance"));
        expect(200, response);
        long millis = (System.nanoTime() - start) / 1_000_000;
        Matcher read = EVENTS_READ.matcher(response.body());
        Matcher books = CURRENCIES.matcher(response.body());
        return new Integrity(response.body().contains("\"ok\":true"), read.find() ? Long.parseLong(read.group(1)) : -1,
                millis, books.find() ? books.group(1) : "");
    }

    private static final Pattern EVENTS_READ = Pattern.compile("\"eventsRead\":(\\d+)");
    private static final Pattern CURRENCIES = Pattern.compile("\"currencies\":(\\[[^\\]]*\\])");

    /** One integrity check's answer: whether the books held, how many events it read, how long it took. */
    record Integrity(boolean ok, long eventsRead, long millis, String currencies) {

        @Override
        public String toString() {
            return "%s (%d events read in %d ms)".formatted(ok ? "ok" : "FAILED", eventsRead, millis);
        }
    }

    /** Samples the service's CPU (from /proc) and heap (from its own metrics) once a second. */
    Sampler sample() {
        return new Sampler();
    }

    final class Sampler implements AutoCloseable {
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private final long startTicks = cpuTicks();
        private final CostModel.MachineTicks startMachine = CostModel.MachineTicks.now();
        private final long startNanos = System.nanoTime();
        private final AtomicLong maxHeap = new AtomicLong();
        private final List<Long> heapSamples = java.util.Collections.synchronizedList(new ArrayList<>());
        private final List<GcPauses> pauses = java.util.Collections.synchronizedList(new ArrayList<>());
        private volatile double cpuPercent;
        private volatile double machinePercent;

        private Sampler() {
            timer.scheduleAtFixedRate(this::sampleOnce, 0, 1, TimeUnit.SECONDS);
        }

        private void sampleOnce() {
            try {
                String metrics = get("/actuator/prometheus", admin).body();
                Matcher heap = HEAP_USED.matcher(metrics);
                long used = 0;
                while (heap.find()) {
                    used += (long) Double.parseDouble(heap.group(1));
                }
                maxHeap.accumulateAndGet(used, Math::max);
                heapSamples.add(used);
                pauses.add(GcPauses.of(metrics));
            } catch (IOException | InterruptedException | RuntimeException ignored) {
                // a missed sample is not a result
            }
        }

        @Override
        public void close() {
            timer.shutdownNow();
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            cpuPercent = 100.0 * (cpuTicks() - startTicks) / CLOCK_TICKS_PER_SECOND / seconds;
            machinePercent = CostModel.MachineTicks.now().busyPercentSince(startMachine);
        }

        long maxHeapBytes() {
            return maxHeap.get();
        }

        /**
         * The heap's floor (its lowest sample, just after a collection) over the first and the last
         * fifth of the run: if what survives collections grows, the second is clearly the larger.
         */
        long[] heapFloorFirstAndLast() {
            List<Long> samples;
            synchronized (heapSamples) {
                samples = new ArrayList<>(heapSamples);
            }
            int fifth = Math.max(1, samples.size() / 5);
            if (samples.isEmpty()) {
                return new long[] {0, 0};
            }
            long first = samples.subList(0, Math.min(fifth, samples.size())).stream().min(Long::compare).orElse(0L);
            long last = samples.subList(Math.max(0, samples.size() - fifth), samples.size()).stream()
                    .min(Long::compare).orElse(0L);
            return new long[] {first, last};
        }

        /** The collector's stop-the-world pauses between the first and the last sample. */
        GcPauses.Window gcPauses() {
            synchronized (pauses) {
                return GcPauses.window(pauses);
            }
        }

        /** The service's CPU in percent of one core; 200 is both cores of a 2-core machine. */
        double cpuPercent() {
            return cpuPercent;
        }

        /**
         * How busy the whole machine was, in percent of all its cores: the service, PostgreSQL and the benchmark's own
         * clients together. Session 30 read the service's figure as this one.
         */
        double machinePercent() {
            return machinePercent;
        }
    }

    long cpuTicks() {
        return CostModel.ticksOf(Path.of("/proc", Long.toString(process.pid()), "stat"));
    }

    /** The service's threads doing a named work, with their CPU ticks (CostModel.threads). */
    Map<Long, CostModel.ThreadCpu> threads() {
        return CostModel.threads(process.pid());
    }

    private static void expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
    }

    interface Step {
        void run(int index) throws Exception;
    }

    private static void inParallel(int count, Step step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(SETUP_CLIENTS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    step.run(index);
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
