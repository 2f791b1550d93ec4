package io.ledger.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a payment costs, from counters read before and after a scenario: the service's and PostgreSQL's CPU
 * (from /proc, so this machine's kernel accounting, both processes on the same two cores), the WAL written
 * (pg_current_wal_lsn), and the events, commands and database transactions per payment. Divided by the
 * payments recorded over the whole scenario, warm-up included, since the counters run over all of it. The service's
 * CPU is split by what its threads do (their names in /proc): request threads, event processors, the event store's
 * shared reader, the JIT's compilers, and the rest.
 */
final class CostModel {

    private static final long CLOCK_TICKS_PER_SECOND = 100;

    /** @param threads the service threads doing a named {@link Work}, by thread id */
    record Reading(long serviceTicks, Map<Long, ThreadCpu> threads, long postgresTicks, String walLsn, long events,
                   long commands, long transactions) {
    }

    /** One service thread's work and CPU ticks so far. */
    record ThreadCpu(Work work, long ticks) {
    }

    /**
     * What a service thread does, by its name. The kernel keeps 15 characters of a thread's name, so the processors'
     * threads ("EventProcessor[PaymentSagaProcessor]-0") are one group. A thread that ended between two readings
     * took its ticks of that time with it; they count as "other" (the process's total keeps them).
     */
    enum Work {
        HTTP("http", "http-nio-.*"),
        PROCESSORS("processors", "EventProcessor\\[.*"),
        EVENT_READER("event reader", "EmbeddedEventSt.*"),
        JIT("JIT", "C[12] CompilerThre.*");

        private final String label;
        private final String threadName;

        Work(String label, String threadName) {
            this.label = label;
            this.threadName = threadName;
        }

        /** The work a thread of this name does, or null for any other. */
        static Work of(String threadName) {
            String name = threadName.strip();
            for (Work work : values()) {
                if (name.matches(work.threadName)) {
                    return work;
                }
            }
            return null;
        }
    }

    private CostModel() {
    }

    /** The instances' CPU together: with several instances on the machine, a payment costs what they all spent. */
    static Reading read(List<LedgerService> services, Connection db) throws SQLException {
        String lsn;
        try (var statement = db.createStatement(); var rows = statement.executeQuery("select pg_current_wal_lsn()::text")) {
            rows.next();
            lsn = rows.getString(1);
        }
        Reading service = serviceOnly(services);
        return new Reading(service.serviceTicks(), service.threads(), postgresTicks(), lsn,
                Postgres.single(db, "select count(*) from domain_event_entry"),
                Postgres.single(db, "select count(*) from audit_command"),
                Postgres.single(db, "select sum(xact_commit + xact_rollback)::bigint from pg_stat_database"));
    }

    /**
     * The instances' CPU alone, by thread, with nothing of the database: enough for {@link #jitPercent}, without the
     * counts over the event store and lineage a full {@link #read} makes. Not for {@link #perPayment}.
     */
    static Reading serviceOnly(List<LedgerService> services) {
        Map<Long, ThreadCpu> threads = new HashMap<>();
        services.forEach(service -> threads.putAll(service.threads()));
        return new Reading(services.stream().mapToLong(LedgerService::cpuTicks).sum(), threads, 0, "0/0", 0, 0, 0);
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
        Map<Work, Long> byWork = spent(before, after);
        return String.format("cost/payment: service cpu=%.2f ms (JIT compiling %.0f %% of it; by thread: %s)"
                        + "  postgres cpu=%.2f ms  wal=%.0f B  events=%.1f  commands=%.1f  db transactions=%.1f"
                        + "  (over %d payments)",
                ms(service) / p, jitPercent(before, after), byThread(byWork, service, p),
                ms(after.postgresTicks() - before.postgresTicks()) / p,
                wal / p, (after.events() - before.events()) / p, (after.commands() - before.commands()) / p,
                (after.transactions() - before.transactions()) / p, payments);
    }

    /**
     * Ticks spent between two readings by each work: by the threads alive at the second, since the first. A thread id
     * the first reading knew as another work or with more ticks is a new thread that was given an ended one's id.
     */
    static Map<Work, Long> spent(Reading before, Reading after) {
        Map<Work, Long> spent = new EnumMap<>(Work.class);
        after.threads().forEach((id, thread) -> {
            ThreadCpu earlier = before.threads().get(id);
            boolean same = earlier != null && earlier.work() == thread.work() && earlier.ticks() <= thread.ticks();
            spent.merge(thread.work(), thread.ticks() - (same ? earlier.ticks() : 0), Long::sum);
        });
        return spent;
    }

    /** The share, in per cent, of the service's CPU between two readings that its JIT compilers spent. */
    static double jitPercent(Reading before, Reading after) {
        long service = after.serviceTicks() - before.serviceTicks();
        return service <= 0 ? 0 : 100.0 * spent(before, after).getOrDefault(Work.JIT, 0L) / service;
    }

    /** "http 4.47, processors 2.35, event reader 0.29, JIT 1.14, other 0.45 ms": the service's CPU per payment. */
    static String byThread(Map<Work, Long> spent, long serviceTicks, double payments) {
        StringBuilder split = new StringBuilder();
        long named = 0;
        for (Work work : Work.values()) {
            long ticks = spent.getOrDefault(work, 0L);
            named += ticks;
            split.append(String.format("%s %.2f, ", work.label, ms(ticks) / payments));
        }
        return split.append(String.format("other %.2f ms", ms(Math.max(0, serviceTicks - named)) / payments)).toString();
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
     * A JVM's threads doing a named {@link Work}, with their ticks, by thread id. A JIT compiler thread the JVM retires
     * takes its ticks with it, so read the JIT's share as a lower bound: a JVM still compiling is not warm yet.
     */
    static Map<Long, ThreadCpu> threads(long pid) {
        Map<Long, ThreadCpu> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks.forEach(task -> {
                Work work = workOf(task);
                if (work != null) {
                    threads.put(Long.parseLong(task.getFileName().toString()),
                            new ThreadCpu(work, ticksOf(task.resolve("stat"))));
                }
            });
        } catch (IOException | UncheckedIOException gone) {
            // the process ended: what was read of it so far
        }
        return threads;
    }

    static Work workOf(Path thread) {
        try {
            return Work.of(Files.readString(thread.resolve("comm")));
        } catch (IOException | RuntimeException gone) {
            return null;
        }
    }

    /** The whole machine's CPU from /proc/stat: ticks busy and ticks in all, summed over its cores. */
    record MachineTicks(long busy, long total) {

        static MachineTicks now() {
            try {
                return of(Files.readString(Path.of("/proc/stat")));
            } catch (IOException | RuntimeException unreadable) {
                return new MachineTicks(0, 0);
            }
        }

        /** From /proc/stat's first line: user, nice, system, idle, iowait, irq, softirq, steal (guest is in user). */
        static MachineTicks of(String procStat) {
            String[] fields = procStat.lines().findFirst().orElseThrow().trim().split("\\s+");
            long total = 0;
            for (int i = 1; i <= Math.min(8, fields.length - 1); i++) {
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + (fields.length > 5 ? Long.parseLong(fields[5]) : 0);
            return new MachineTicks(total - idle, total);
        }

        /** Percent of the machine's CPU busy between {@code before} and this reading; 0 when nothing was read. */
        double busyPercentSince(MachineTicks before) {
            long total = this.total - before.total;
            return total <= 0 ? 0 : 100.0 * (busy - before.busy) / total;
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
