package io.ledger.benchmark;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One command, one run: checks PostgreSQL is durable, measures the plain-SQL baseline, starts a fresh
 * ledger on a fresh database, opens and funds the wallets, runs each scenario with Gatling, waits for
 * every payment to end, checks the books, and prints one line per scenario and the ledger/baseline
 * ratio. Exits non-zero when the books do not balance or a payment is left unfinished.
 */
public final class Benchmark {

    private static final String DATABASE = "ledger_bench";
    private static final String INITIATED = "io.ledger.messages.payment.PaymentInitiatedEvent";
    private static final String SETTLED = "io.ledger.messages.payment.PaymentSettledEvent";

    private final Settings settings;
    /** The uniform scenario's settled/s in this run, once measured: {@code bench.rate=80%} offers a share of it. */
    private double uniformRate = -1;
    /** The first uniform scenario's settled/s: the least warm JVM, the figure every run before session 22 printed. */
    private double firstUniformRate = -1;
    private final Postgres postgres;
    private final List<String> summary = new ArrayList<>();
    private boolean correct = true;

    private Benchmark(Settings settings) {
        this.settings = settings;
        this.postgres = new Postgres(settings);
    }

    public static void main(String[] args) throws Exception {
        Benchmark benchmark = new Benchmark(Settings.fromSystemProperties());
        benchmark.run();
        System.exit(benchmark.correct ? 0 : 1);
    }

    private void run() throws Exception {
        Files.createDirectories(settings.out());
        if (!Files.isRegularFile(settings.jar())) {
            throw new IllegalStateException(settings.jar() + " is missing; build it first (see README)");
        }
        settings.validate();
        postgres.requireDurable();
        report("machine: %d cores, %d MiB max heap for the runner, %s %s; %s", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.vm.name"),
                System.getProperty("java.version"), postgres.describe());
        report("settings: wallets=%d users=%d rate=%s seconds=%d (after %d s warm-up, the first scenario %d s)"
                        + " service heap=%s java=%s scenarios=%s",
                settings.wallets(), settings.users(), settings.rateShareOfUniform() > 0
                        ? Math.round(settings.rateShareOfUniform() * 100) + "% of uniform's settled/s"
                        : Math.round(settings.rate()) + "/s", settings.seconds(), settings.warmupSeconds(),
                settings.firstWarmupSeconds(),
                settings.serviceHeap(), LedgerService.serviceJava(),
                settings.scenarios());

        // The baseline is warmed up like the ledger, measured as long as a scenario, and measured again after
        // the ledger's scenarios: the ratio uses the better of the two, so the ledger is never flattered by a
        // baseline caught in a slow phase (docs/performance.md, "Method").
        PlainSqlBaseline plainSql = new PlainSqlBaseline(settings, postgres);
        plainSql.prepare();
        try {
            measure(plainSql);
        } catch (Exception failure) {
            // A run that fails leaves no database behind (the ledger's goes in measure's own finally).
            if (!settings.keepDatabases()) {
                postgres.drop(PlainSqlBaseline.DATABASE);
            }
            throw failure;
        }
    }

    /** The baseline before, the ledger's scenarios, the baseline after, and the ratios. */
    private void measure(PlainSqlBaseline plainSql) throws Exception {
        PlainSqlBaseline.Outcome before = plainSql.measure("before", settings.baselineWarmupSeconds(), settings.baselineSeconds());
        reportBaseline("before", before);

        postgres.recreate(DATABASE);
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String jwtSecret = Base64.getEncoder().encodeToString(secret);
        double batchRate = -1;
        List<LedgerService> services = new ArrayList<>();
        try (LedgerService service = LedgerService.start(settings, DATABASE, jwtSecret, settings.out().resolve("service"));
             Connection db = postgres.connect(DATABASE)) {
            services.add(service);
            Instant setupStart = Instant.now();
            service.openAndFund(settings.wallets());
            awaitQuiet(db, Duration.ofMinutes(5));
            double setupSeconds = Duration.between(setupStart, Instant.now()).toMillis() / 1000.0;
            report("setup     %d wallets opened and funded in %.1f s (%.0f funding payments/s, Prefer: wait, %d clients); "
                            + "settlement segments=%d",
                    settings.wallets(), setupSeconds, settings.wallets() / setupSeconds, LedgerService.SETUP_CLIENTS,
                    Postgres.single(db, "select count(*) from token_entry where processor_name = 'PaymentSagaProcessor'"));
            for (int i = 1; i < settings.instances(); i++) {
                services.add(LedgerService.start(settings, DATABASE, jwtSecret, settings.out().resolve("service-" + (i + 1)),
                        settings.port() + i));
            }
            if (services.size() > 1) {
                report("instances %d on one database; the load goes round robin; cost counts every instance's CPU, "
                        + "cpu%% is the first instance's", services.size());
            }

            // The service's JIT needs minutes of load before a payment costs what it costs for good (per-payment
            // CPU fell from 10 ms to 2.5 ms over the first four minutes, docs/performance.md session 8): the
            // first scenario warms up that long; later ones only need Gatling's fresh JVM warmed.
            long warmup = Math.max(settings.firstWarmupSeconds(), settings.warmupSeconds());
            for (String scenario : settings.scenarios()) {
                if (scenario.trim().equals("limits")) {
                    // Not a measurement: from here on every wallet has limits (issue 21), so the scenarios after it
                    // measure what checking them costs against the same run's scenarios before it.
                    Instant limitsStart = Instant.now();
                    service.limitEveryWallet(settings.wallets());
                    awaitQuiet(db, Duration.ofMinutes(5));
                    report("limits    set on all %d wallets in %.1f s: %s", settings.wallets(),
                            Duration.between(limitsStart, Instant.now()).toMillis() / 1000.0, LedgerService.WALLET_LIMITS);
                    continue;
                }
                if (scenario.trim().equals("owner-limits")) {
                    // Not a measurement: from here on every wallet's owner has the same limits across its accounts
                    // (ADR 0034), so every payment is also asked of, and counted by, its owner.
                    Instant limitsStart = Instant.now();
                    service.limitEveryOwner(settings.wallets());
                    awaitQuiet(db, Duration.ofMinutes(5));
                    report("owners    limits set on all %d wallets' owners in %.1f s", settings.wallets(),
                            Duration.between(limitsStart, Instant.now()).toMillis() / 1000.0);
                    continue;
                }
                if (scenario.trim().equals("rules")) {
                    // Not a measurement either: from here on every payment is judged by ten risk rules (issue 21),
                    // none of which a run's payments match (the cost of deciding, not of reviews).
                    service.publishRiskRules();
                    report("rules     published: %d risk rules of every kind, none matched by the run's payments",
                            LedgerService.RISK_RULE_COUNT);
                    continue;
                }
                if (scenario.trim().equals("batch")) {
                    batchRate = batchScenario(services, db);
                    continue;
                }
                double settledPerSecond = scenario(services, db, jwtSecret, scenario.trim(), warmup);
                warmup = settings.warmupSeconds();
                if (scenario.trim().equals("uniform")) {
                    uniformRate = settledPerSecond;
                    firstUniformRate = firstUniformRate < 0 ? settledPerSecond : firstUniformRate;
                }
            }
            correct &= integrityBothWays(services.get(0));
        } finally {
            for (LedgerService other : services.subList(Math.min(1, services.size()), services.size())) {
                other.close();
            }
            if (!settings.keepDatabases()) {
                postgres.drop(DATABASE);
            }
        }
        PlainSqlBaseline.Outcome after = plainSql.measure("after", settings.baselineWarmupSeconds(), settings.baselineSeconds());
        reportBaseline("after", after);
        boolean baselineBalanced = plainSql.balancedAndDone();
        report("baseline  books=%s", baselineBalanced ? "balanced" : "UNBALANCED");
        correct &= baselineBalanced;
        double baseline = Math.max(before.transfersPerSecond(), after.transfersPerSecond());
        if (batchRate >= 0) {
            report("ratio     batch/baseline = %.0f / %.0f = %.3f (batch payments settled/s, submission to the last "
                    + "settled, over the warm plain-SQL transfers/s)", batchRate, baseline, batchRate / baseline);
        }
        if (uniformRate >= 0) {
            report("ratio     ledger/baseline = %.0f / %.0f = %.3f (uniform settled payments/s over the warm plain-SQL "
                    + "transfers/s, the better of before %.0f and after %.0f)", uniformRate, baseline,
                    uniformRate / baseline, before.transfersPerSecond(), after.transfersPerSecond());
            if (firstUniformRate != uniformRate) {
                // Later scenarios run on a warmer JVM (its JIT compiles for minutes): say what the first one gave too.
                report("ratio     ledger/baseline, the first uniform scenario = %.0f / %.0f = %.3f", firstUniformRate,
                        baseline, firstUniformRate / baseline);
            }
        }
        Files.write(settings.out().resolve("summary.txt"), summary);
        System.out.println("summary: " + settings.out().resolve("summary.txt") + ", reports: " + settings.out().resolve("gatling"));
    }

    /**
     * Issue 20's lane for volume: {@code bench.batchPayments} payments from the treasury to random wallets, in
     * batches of 10,000 submitted one after another; measured from the first submission until the last payment is
     * settled. Every payment of the treasury debits one account: the hot-account path, the honest worst case. Before
     * it the lane is warmed up the same way, unmeasured, in rounds of {@code bench.batchWarmupPayments}, until the
     * service's JIT compilers spent at most {@code bench.warmJitPercent} of its CPU in a round (or after
     * {@code bench.batchWarmupRounds}): the lane's own code (the dispatch, the batch tables, the saga's path) warm as
     * the uniform scenario's is by its warm-up and the baseline's by its own. With one round the JIT spent 32 – 35 % of
     * the service's CPU in the measured batches; after the five or six rounds it took to quiet, 11 – 20 % (session 29).
     */
    private double batchScenario(List<LedgerService> services, Connection db) throws Exception {
        LedgerService service = services.get(0);
        warmUpBatches(services, db);
        long seqBefore = Postgres.single(db, LAST_SEQ);
        long paymentsBefore = Postgres.single(db, "select count(*) from payment_view");
        CostModel.Reading costBefore = CostModel.read(services, db);
        int payments = settings.batchPayments();
        LedgerService.Sampler sampler = service.sample();
        Instant start = Instant.now();
        long started = System.nanoTime();
        double submittedSeconds;
        double settledSeconds;
        long settled;
        try (sampler) {
            service.submitBatches(payments, 10_000, start.toEpochMilli());
            submittedSeconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
            settled = awaitSettled(db, seqBefore, payments, started);
            settledSeconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
        }
        boolean quiet = awaitQuiet(db, Duration.ofMinutes(2));
        CostModel.Reading costAfter = CostModel.read(services, db);
        long recorded = Postgres.single(db, "select count(*) from payment_view") - paymentsBefore;
        long notSent = Postgres.single(db, "select count(*) from payment_batch_item where outcome <> 'SUBMITTED'");
        Books books = books(db);
        LedgerService.Integrity integrity = service.integrity(false);
        boolean ok = quiet && settled == payments && recorded == payments && notSent == 0 && books.balanced()
                && books.exactlyOnce() && integrity.ok();
        correct &= ok;
        double rate = settled / settledSeconds;
        report("batch     settled/s=%.0f  (%d payments in batches of 10,000, treasury to random wallets: submitted in %.1f s, "
                        + "all settled %.1f s after the first submission)  heap max=%d MiB  service cpu=%.0f%% of a core  "
                        + "machine=%.0f%% busy  %s  recorded=%d items not sent=%d terminal=%s books=%s integrity=%s",
                rate, payments, submittedSeconds, settledSeconds, sampler.maxHeapBytes() >> 20, sampler.cpuPercent(),
                sampler.machinePercent(), sampler.gcPauses(), recorded, notSent, quiet ? "all" : "NO", books, integrity);
        report("batch     %s", CostModel.perPayment(costBefore, costAfter, recorded, db));
        return rate;
    }

    /** The batch lane's warm-up rounds, until the JIT is quiet enough or the rounds run out; one line says how it went. */
    private void warmUpBatches(List<LedgerService> services, Connection db) throws Exception {
        int round = settings.batchWarmupPayments();
        if (round <= 0) {
            return;
        }
        long started = System.nanoTime();
        List<String> jitByRound = new ArrayList<>();
        long settled = 0;
        double jit = 100;
        for (int rounds = 0; rounds < Math.max(1, settings.batchWarmupRounds()) && jit > settings.warmJitPercent();
             rounds++) {
            long seqBefore = Postgres.single(db, LAST_SEQ);
            CostModel.Reading before = CostModel.serviceOnly(services);
            long roundStarted = System.nanoTime();
            // Its own keys (the seed is the time it starts, and the round), so the measured batches book every
            // payment anew.
            services.get(0).submitBatches(round, 10_000, System.currentTimeMillis() * 100 + rounds);
            long roundSettled = awaitSettled(db, seqBefore, round, roundStarted);
            settled += roundSettled;
            jit = CostModel.jitPercent(before, CostModel.serviceOnly(services));
            jitByRound.add(String.format("%.0f", jit));
            if (roundSettled < round) {
                break; // not settled within the wait: the scenario's own checks will say what is wrong
            }
        }
        report("batch     warm-up: %d payments in %d round%s of %d settled in %.1f s, the JIT's share of the service's "
                        + "CPU by round %s %% (until <= %.0f %% or %d rounds; not measured)", settled, jitByRound.size(),
                jitByRound.size() == 1 ? "" : "s", round, (System.nanoTime() - started) / 1e9,
                String.join(", ", jitByRound), settings.warmJitPercent(), settings.batchWarmupRounds());
        awaitQuiet(db, Duration.ofMinutes(2));
    }

    /** Where the payment table's sequence stands: what a scenario's payments come after. */
    private static final String LAST_SEQ = "select coalesce(max(seq), 0) from payment_view";

    /**
     * Waits until {@code payments} payments recorded after {@code seqBefore} are settled (at most 30 minutes); answers
     * how many are. Counted by the status index from that sequence on, not over the whole table: the whole count took
     * 55 ms at 82,000 payments, a tenth of PostgreSQL's statement time in the batch scenario's window (session 29),
     * the observer's cost charged to the ledger. Every payment before is settled when it starts, so none is missed.
     */
    private static long awaitSettled(Connection db, long seqBefore, int payments, long startedNanos) throws Exception {
        long deadline = startedNanos + Duration.ofMinutes(30).toNanos();
        String count = "select count(*) from payment_view where status = 'SETTLED' and seq > " + seqBefore;
        while (true) {
            long settled = Postgres.single(db, count);
            long now = System.nanoTime();
            if (settled >= payments || now >= deadline) {
                return settled;
            }
            Thread.sleep(nextPollMillis(settled, payments, now - startedNanos));
        }
    }

    /**
     * How long to wait before counting the settled payments again: half of what the rate so far says the rest needs,
     * between 100 ms and a second. The count read the whole payment table then (17 ms at 90,000 payments); asked every
     * 100 ms it was a quarter of PostgreSQL's statement time per payment in the scenario it measured (session 27), a
     * cost of the observer charged to the ledger. Halving towards the end keeps the measured end within about 100 ms.
     */
    static long nextPollMillis(long settled, long payments, long elapsedNanos) {
        if (settled <= 0) {
            return 1_000;
        }
        double restMillis = (payments - settled) * (elapsedNanos / 1e6 / settled);
        return Math.max(100, Math.min(1_000, Math.round(restMillis / 2)));
    }

    /**
     * The integrity check as the schedule runs it (from the events since the last check) and as a full check on demand
     * reads it (every event), on the whole history the run wrote: what each reads and costs, and that they agree.
     */
    private boolean integrityBothWays(LedgerService service) throws IOException, InterruptedException {
        LedgerService.Integrity full = service.integrity(true);
        LedgerService.Integrity incremental = service.integrity(false);
        boolean agree = full.ok() && incremental.ok() && full.currencies().equals(incremental.currencies());
        report("integrity full %s, incremental %s; the same books: %s", full, incremental, agree ? "yes" : "NO");
        return agree;
    }

    private void reportBaseline(String when, PlainSqlBaseline.Outcome outcome) {
        report("baseline  %-6s plain SQL transfers/s=%.0f (%d transfers, %d clients, %d s after %d s warm-up; %s)",
                when, outcome.transfersPerSecond(), outcome.transfers(), settings.baselineClients(),
                settings.baselineSeconds(), settings.baselineWarmupSeconds(), outcome.pgbenchSummary());
    }

    private double scenario(List<LedgerService> services, Connection db, String jwtSecret, String scenario,
                            long warmupSeconds) throws Exception {
        LedgerService service = services.get(0);
        long paymentsBefore = Postgres.single(db, "select count(*) from payment_view");
        CostModel.Reading costBefore = CostModel.read(services, db);
        Path result = settings.out().resolve("result-" + scenario + ".properties");
        Files.deleteIfExists(result);
        LedgerService.Sampler sampler = service.sample();
        Path report;
        try (sampler) {
            report = gatling(scenario, jwtSecret, result, warmupSeconds,
                    services.stream().map(LedgerService::baseUrl).collect(Collectors.joining(",")));
        }
        boolean quiet = awaitQuiet(db, Duration.ofMinutes(2));
        CostModel.Reading costAfter = CostModel.read(services, db);
        Properties seen = new Properties();
        try (Reader reader = Files.newBufferedReader(result)) {
            seen.load(reader);
        }
        long accepted = number(seen, "accepted");
        long settled = number(seen, "settled");
        long recorded = Postgres.single(db, "select count(*) from payment_view") - paymentsBefore;
        Books books = books(db);
        LedgerService.Integrity integrity = service.integrity(false);
        // Every acknowledged payment is recorded; beyond those, only payments whose POST the client gave up
        // on (no response in time, so never acknowledged) may be recorded too: the server may have
        // accepted them after the client stopped listening. Anything else is a lost or phantom payment.
        long unanswered = number(seen, "error.POST: no response");
        boolean accountedFor = recorded >= accepted && recorded <= accepted + unanswered;
        boolean ok = quiet && books.balanced() && integrity.ok() && books.exactlyOnce() && accountedFor;
        correct &= ok;
        double span = Math.max(1, number(seen, "settledSpanMillis")) / 1000.0;
        double settledPerSecond = settled / span;
        String errors = seen.stringPropertyNames().stream().filter(k -> k.startsWith("error.")).sorted()
                .map(k -> k.substring(6) + "=" + seen.getProperty(k)).collect(Collectors.joining(", "));
        String offered = Settings.offersARate(scenario) ? "  offered=%.0f/s".formatted(settings.offered(uniformRate)) : "";
        report("%-8s  settled/s=%.0f%s  POST ms p50/p95/p99/max=%s  POST->SETTLED ms p50/p95/p99/max=%s%s  errors=%s"
                        + "  heap max=%d MiB floor %d->%d MiB  service cpu=%.0f%% of a core  machine=%.0f%% busy  %s  acknowledged=%d recorded=%d (%s) terminal=%s books=%s"
                        + " integrity=%s  report=%s",
                scenario, settledPerSecond, offered, millis(seen, "post"), millis(seen, "settle"),
                seen.containsKey("read.count") && number(seen, "read.count") > 0 ? "  reads ms p50/p95/p99/max=" + millis(seen, "read") : "",
                errors.isEmpty() ? "0" : "{" + errors + "}", sampler.maxHeapBytes() >> 20,
                sampler.heapFloorFirstAndLast()[0] >> 20, sampler.heapFloorFirstAndLast()[1] >> 20, sampler.cpuPercent(),
                sampler.machinePercent(), sampler.gcPauses(), accepted, recorded, !accountedFor ? "LOST OR PHANTOM PAYMENTS"
                        : recorded == accepted ? "all acknowledged" : "the rest had no response in time",
                quiet ? "all" : "NO", books, integrity, settings.out().relativize(report));
        report("%-8s  %s", scenario, CostModel.perPayment(costBefore, costAfter, recorded, db));
        return settledPerSecond;
    }

    private Path gatling(String scenario, String jwtSecret, Path result, long warmupSeconds, String baseUrls)
            throws IOException, InterruptedException {
        Path results = settings.out().resolve("gatling");
        Files.createDirectories(results);
        Path log = settings.out().resolve("gatling-" + scenario + ".log");
        Process process = new ProcessBuilder("java", "-Xmx2g", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "-Dbench.scenario=" + scenario,
                "-Dbench.baseUrl=" + baseUrls,
                "-Dbench.wallets=" + settings.wallets(),
                "-Dbench.users=" + settings.users(),
                "-Dbench.rate=" + (Settings.offersARate(scenario) ? settings.offered(uniformRate) : settings.rate()),
                "-Dbench.seconds=" + settings.seconds(),
                "-Dbench.warmupSeconds=" + warmupSeconds,
                "-Dbench.jwtSecret=" + jwtSecret,
                "-Dbench.result=" + result,
                "-cp", System.getProperty("java.class.path"),
                "io.gatling.app.Gatling",
                "--simulation", LedgerSimulation.class.getName(),
                "--results-folder", results.toString(),
                "--run-description", scenario)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int exit = process.waitFor();
        if (!Files.exists(result)) {
            throw new IllegalStateException("Gatling (exit " + exit + ") wrote no results; see " + log);
        }
        try (Stream<Path> runs = Files.list(results)) {
            return runs.filter(Files::isDirectory).max(Comparator.comparing(p -> p.toFile().lastModified()))
                    .map(p -> p.resolve("index.html")).orElse(log);
        }
    }

    /** Waits until every payment the store knows is in the read model and none is PENDING. */
    private static boolean awaitQuiet(Connection db, Duration timeout) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long initiated = Postgres.single(db, "select count(*) from domain_event_entry where payload_type = '" + INITIATED + "'");
            long projected = Postgres.single(db, "select count(*) from payment_view");
            long pending = Postgres.single(db, "select count(*) from payment_view where status = 'PENDING'");
            long holds = Postgres.single(db, "select count(*) from account_view where pending_debits <> 0 or pending_credits <> 0");
            if (initiated == projected && pending == 0 && holds == 0) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }

    record Books(boolean balanced, boolean exactlyOnce, String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    /** Per currency posted sums to 0 and nothing is held; one settled event and two posted entries per settled payment. */
    private static Books books(Connection db) throws SQLException {
        List<String> parts = new ArrayList<>();
        boolean balanced = true;
        try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(
                "select currency, sum(posted), sum(pending_debits), sum(pending_credits) from account_view group by currency order by 1")) {
            while (rows.next()) {
                long posted = rows.getLong(2);
                long held = rows.getLong(3) + rows.getLong(4);
                balanced &= posted == 0 && held == 0;
                parts.add(rows.getString(1) + " posted sum " + posted + ", held " + held);
            }
        }
        long settledPayments = Postgres.single(db, "select count(*) from payment_view where status in ('SETTLED', 'REVERSED')");
        long settledEvents = Postgres.single(db, "select count(*) from domain_event_entry where payload_type = '" + SETTLED + "'");
        long postedEntries = Postgres.single(db, "select count(*) from account_entry where state = 'POSTED'");
        boolean exactlyOnce = settledPayments == settledEvents && postedEntries == 2 * settledPayments;
        String text = (balanced ? "balanced" : "UNBALANCED") + " (" + String.join("; ", parts) + "; " + settledPayments
                + " settled, " + settledEvents + " settled events, " + postedEntries + " posted entries)";
        return new Books(balanced, exactlyOnce, text);
    }

    private static long number(Properties properties, String key) {
        return Long.parseLong(properties.getProperty(key, "0"));
    }

    private static String millis(Properties properties, String name) {
        if (number(properties, name + ".count") == 0) {
            return "-";
        }
        return Stream.of("p50", "p95", "p99", "max")
                .map(p -> String.format("%.1f", number(properties, name + "." + p) / 1000.0))
                .collect(Collectors.joining("/"));
    }

    private void report(String format, Object... args) {
        String line = String.format(format, args);
        System.out.println(line);
        summary.add(line);
    }
}
