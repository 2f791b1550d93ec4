package io.ledger.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The yardstick: a double-entry transfer in plain SQL, one transaction each (two balance updates in
 * id order with the overdraft check as a constraint, a transfer row, two entry rows), driven by
 * pgbench against the same server. Afterwards its books must balance too.
 */
final class PlainSqlBaseline {

    static final String DATABASE = "ledger_bench_baseline";
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern PROCESSED = Pattern.compile("number of transactions actually processed: (\\d+)");

    private static final String SCHEMA = """
            create table account (
                id bigint primary key,
                balance bigint not null,
                overdraft_limit bigint not null default 0,
                constraint overdraft check (balance >= -overdraft_limit));
            create table transfer (
                id bigserial primary key,
                debtor bigint not null references account,
                creditor bigint not null references account,
                amount bigint not null check (amount > 0),
                created_at timestamptz not null default now());
            create table entry (
                id bigserial primary key,
                transfer_id bigint not null references transfer,
                account_id bigint not null references account,
                amount bigint not null);
            insert into account (id, balance) select g, %d from generate_series(1, %d) g;
            """;

    private static final String TRANSFER = """
            \\set debtor random(1, %1$d)
            \\set creditor 1 + (:debtor + random(0, %1$d - 2)) %% %1$d
            \\set amount random(1, 500)
            \\set debit -1 * :amount
            \\set low least(:debtor, :creditor)
            \\set high greatest(:debtor, :creditor)
            BEGIN;
            UPDATE account SET balance = balance + CASE WHEN id = :debtor THEN :debit::bigint ELSE :amount::bigint END WHERE id = :low;
            UPDATE account SET balance = balance + CASE WHEN id = :debtor THEN :debit::bigint ELSE :amount::bigint END WHERE id = :high;
            INSERT INTO transfer (debtor, creditor, amount) VALUES (:debtor, :creditor, :amount);
            INSERT INTO entry (transfer_id, account_id, amount) VALUES (currval('transfer_id_seq'), :debtor, :debit);
            INSERT INTO entry (transfer_id, account_id, amount) VALUES (currval('transfer_id_seq'), :creditor, :amount);
            END;
            """;

    /** One measured pgbench run: transfers/s, how many, and pgbench's own latency and tps lines. */
    record Outcome(double transfersPerSecond, long transfers, String pgbenchSummary) {
    }

    private final Settings settings;
    private final Postgres postgres;
    private Path script;

    PlainSqlBaseline(Settings settings, Postgres postgres) {
        this.settings = settings;
        this.postgres = postgres;
    }

    private static Process start(List<String> command, Path log) throws IOException {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("pgbench is not on the PATH; it ships with PostgreSQL "
                    + "(Debian: postgresql-client or postgresql-contrib)", e);
        }
    }

    /** A fresh database with the accounts funded; it stays for every measurement of the run. */
    void prepare() throws IOException, SQLException {
        postgres.recreate(DATABASE);
        try (Connection connection = postgres.connect(DATABASE); Statement statement = connection.createStatement()) {
            statement.execute(SCHEMA.formatted(Fixture.FUNDING_MINOR_UNITS, settings.wallets()));
            statement.execute("vacuum analyze");
        }
        script = settings.out().resolve("baseline-transfer.sql");
        Files.writeString(script, TRANSFER.formatted(settings.wallets()));
    }

    /**
     * Warmed up as the ledger is: pgbench runs warmupSeconds unmeasured first. Right after CREATE DATABASE
     * the first checkpoint makes every page touched next write a full-page image to the WAL, and the
     * transfer then runs at a quarter of its steady rate (docs/performance.md): that phase is not measured.
     */
    Outcome measure(String label, long warmupSeconds, long seconds) throws IOException, InterruptedException {
        if (warmupSeconds > 0) {
            pgbench(label + "-warmup", warmupSeconds);
        }
        String output = pgbench(label, seconds);
        Matcher tps = TPS.matcher(output);
        Matcher processed = PROCESSED.matcher(output);
        if (!tps.find() || !processed.find()) {
            throw new IllegalStateException("pgbench printed no tps; see the baseline logs in " + settings.out());
        }
        return new Outcome(Double.parseDouble(tps.group(1)), Long.parseLong(processed.group(1)),
                output.lines().filter(line -> line.startsWith("latency average") || line.startsWith("tps"))
                        .reduce((a, b) -> a + "; " + b).orElse(""));
    }

    private String pgbench(String label, long seconds) throws IOException, InterruptedException {
        Path log = settings.out().resolve("baseline-pgbench-" + label + ".log");
        Process pgbench = start(List.of("pgbench", "-n", "-M", "prepared",
                "-h", settings.pgHost(), "-p", Integer.toString(settings.pgPort()), "-U", settings.pgUser(),
                "-c", Integer.toString(settings.baselineClients()), "-j", "2",
                "-T", Long.toString(seconds), "--max-tries=10",
                "-f", script.toString(), DATABASE), log);
        if (pgbench.waitFor() != 0) {
            throw new IllegalStateException("pgbench failed; see " + log);
        }
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** Whether the baseline's own books balance after all its runs; then its database goes (unless kept). */
    boolean balancedAndDone() throws SQLException {
        try (Connection connection = postgres.connect(DATABASE)) {
            long total = Postgres.single(connection, "select sum(balance) from account");
            long entries = Postgres.single(connection, "select coalesce(sum(amount), 0) from entry");
            long perTransfer = Postgres.single(connection,
                    "select count(*) from (select transfer_id from entry group by transfer_id having count(*) <> 2) t");
            boolean balanced = total == Fixture.FUNDING_MINOR_UNITS * settings.wallets() && entries == 0 && perTransfer == 0;
            if (!settings.keepDatabases()) {
                postgres.drop(DATABASE);
            }
            return balanced;
        }
    }
}
