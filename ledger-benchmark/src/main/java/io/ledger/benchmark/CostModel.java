package io.ledger.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.stream.Stream;

/**
 * What a payment costs, from counters read before and after a scenario: the service's and PostgreSQL's CPU
 * (from /proc, so this machine's kernel accounting, both processes on the same two cores), the WAL written
 * (pg_current_wal_lsn), and the events, commands and database transactions per payment. Divided by the
 * payments recorded over the whole scenario, warm-up included, since the counters run over all of it.
 */
final class CostModel {

    private static final long CLOCK_TICKS_PER_SECOND = 100;

    record Reading(long serviceTicks, long compilerTicks, long postgresTicks, String walLsn, long events, long commands,
                   long transactions) {
    }

    private CostModel() {
    }

    /** The instances' CPU together: with several instances on the machine, a payment costs what they all spent. */
    static Reading read(java.util.List<LedgerService> services, Connection db) throws SQLException {
        String lsn;
        try (var statement = db.createStatement(); var rows = statement.executeQuery("select pg_current_wal_lsn()::text")) {
            rows.next();
            lsn = rows.getString(1);
        }
        return new Reading(services.stream().mapToLong(LedgerService::cpuTicks).sum(),
                services.stream().mapToLong(LedgerService::compilerTicks).sum(), postgresTicks(), lsn,
                Postgres.single(db, "select count(*) from domain_event_entry"),
                Postgres.single(db, "select count(*) from audit_command"),
                Postgres.single(db, "select sum(xact_commit + xact_rollback)::bigint from pg_stat_database"));
    }

    /** One line: per payment, service and PostgreSQL CPU in ms, WAL in bytes, events, commands, transactions. */
    static String perPayment(Reading before, Reading after, long payments, Connection db) throws SQLException {
        if (payments <= 0) {
            return "cost n/a (no payments)";
        }
        long wal;
        try (var statement = db.prepareStatement("select pg_wal_lsn_diff(?::pg_lsn, ?::pg_lsn)::bigint")) {
            statement.setString(1, after.walLsn());
            statement.setString(2, before.walLsn());
            try (var rows = statement.executeQuery()) {
                rows.next();
                wal = rows.getLong(1);
            }
        }
        double p = payments;
        long service = after.serviceTicks() - before.serviceTicks();
        return String.format("cost/payment: service cpu=%.2f ms (JIT compiling %.0f %% of it)  postgres cpu=%.2f ms"
                        + "  wal=%.0f B  events=%.1f  commands=%.1f  db transactions=%.1f  (over %d payments)",
                ms(service) / p, service <= 0 ? 0 : 100.0 * (after.compilerTicks() - before.compilerTicks()) / service,
                ms(after.postgresTicks() - before.postgresTicks()) / p,
                wal / p, (after.events() - before.events()) / p, (after.commands() - before.commands()) / p,
                (after.transactions() - before.transactions()) / p, payments);
    }

    private static double ms(long ticks) {
        return ticks * 1000.0 / CLOCK_TICKS_PER_SECOND;
    }

    /**
     * CPU of every process named postgres, live at the reading (the server and its backends; a backend that
     * ended in between is missed, which the connection pools make rare).
     */
    static long postgresTicks() {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .mapToLong(CostModel::postgresTicksOf).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static long postgresTicksOf(Path process) {
        try {
            String stat = Files.readString(process.resolve("stat"));
            String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
            if (!name.startsWith("postgres")) {
                return 0;
            }
            return ticks(stat);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    /**
     * The CPU of a JVM's JIT compiler threads ("C1 CompilerThre…", "C2 CompilerThre…"): a JVM still compiling is
     * not warm yet. A compiler thread the JVM retires takes its ticks with it, so read this as a lower bound.
     */
    static long compilerTicks(long pid) {
        try (Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return threads.filter(CostModel::isCompilerThread).mapToLong(thread -> ticksOf(thread.resolve("stat"))).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    static boolean isCompilerThread(Path thread) {
        try {
            return Files.readString(thread.resolve("comm")).matches("C[12] CompilerThre.*\\s*");
        } catch (IOException | RuntimeException gone) {
            return false;
        }
    }

    /** User and system ticks from a /proc stat file (a process's or a thread's); 0 when it is gone. */
    static long ticksOf(Path stat) {
        try {
            return ticks(Files.readString(stat));
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    /** User and system ticks of a /proc stat line (a process's or a thread's), after its parenthesized name. */
    static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
