package io.ledger.benchmark;

import java.nio.file.Path;
import java.util.List;

/** The benchmark's knobs, all system properties with defaults (docs/performance.md lists them). */
record Settings(String pgHost, int pgPort, String pgUser, Path jar, Path out, int port, int wallets, int users,
                double rate, double rateShareOfUniform, long seconds, long firstWarmupSeconds, long warmupSeconds, List<String> scenarios, int baselineClients,
                long baselineSeconds, long baselineWarmupSeconds, String serviceHeap, boolean keepDatabases,
                int instances, int batchPayments, int batchWarmupPayments, int batchWarmupRounds,
                double warmJitPercent) {

    static Settings fromSystemProperties() {
        return new Settings(
                System.getProperty("bench.pgHost", "127.0.0.1"),
                Integer.getInteger("bench.pgPort", 5432),
                System.getProperty("bench.pgUser", "postgres"),
                Path.of(System.getProperty("bench.jar", "../ledger-api/target/ledger.jar")).toAbsolutePath(),
                Path.of(System.getProperty("bench.out", "target/benchmark")).toAbsolutePath(),
                Integer.getInteger("bench.port", 18080),
                Integer.getInteger("bench.wallets", 10_000),
                Integer.getInteger("bench.users", 64),
                // Payments/s offered by open and mixed, or ("80%") that share of the uniform rate this run measured.
                rate(System.getProperty("bench.rate", "200"), false),
                rate(System.getProperty("bench.rate", "200"), true),
                Long.getLong("bench.seconds", 60),
                Long.getLong("bench.firstWarmupSeconds", 240),
                Long.getLong("bench.warmupSeconds", 60),
                List.of(System.getProperty("bench.scenarios", "uniform,hot,open,mixed,batch").split(",")),
                Integer.getInteger("bench.baselineClients", 8),
                Long.getLong("bench.baselineSeconds", 60),
                Long.getLong("bench.baselineWarmupSeconds", 60),
                System.getProperty("bench.heap", "1g"),
                Boolean.getBoolean("bench.keepDatabases"),
                // Service instances on the one database (ports port, port+1, ...); the load goes round robin.
                Integer.getInteger("bench.instances", 1),
                // The batch scenario: this many payments in batches of 10,000 (issue 20's lane for volume).
                Integer.getInteger("bench.batchPayments", 100_000),
                // Settled before the batch scenario's measured batches, unmeasured: the lane's code warmed up as the
                // uniform scenario's is by its warm-up, and as the baseline's.
                Integer.getInteger("bench.batchWarmupPayments", 10_000),
                // The warm-up goes on in rounds of that many until the service's JIT compilers spent at most
                // bench.warmJitPercent of its CPU in a round, or for this many rounds at most: a JVM still compiling
                // measures its compiler, not the lane (session 29: 35 % of the CPU after one round).
                Integer.getInteger("bench.batchWarmupRounds", 10),
                Double.parseDouble(System.getProperty("bench.warmJitPercent", "15")));
    }

    private static double rate(String setting, boolean share) {
        boolean percent = setting.trim().endsWith("%");
        if (percent != share) {
            return 0;
        }
        double value = Double.parseDouble(percent ? setting.trim().replace("%", "") : setting.trim());
        return percent ? value / 100 : value;
    }

    /** The scenarios Gatling runs, and the steps and lanes the benchmark runs itself (docs/performance.md). */
    static final List<String> SCENARIOS = List.of("uniform", "hot", "open", "mixed", "waited", "batch", "limits",
            "rules", "owner-limits");

    /**
     * Refuses, before anything runs, a scenario it does not know, and a share of the uniform rate for an open or mixed
     * scenario that no uniform scenario comes before.
     */
    void validate() {
        for (String scenario : scenarios) {
            if (!SCENARIOS.contains(scenario.trim())) {
                throw new IllegalArgumentException("bench.scenarios: no scenario " + scenario.trim() + " (known: "
                        + String.join(", ", SCENARIOS) + ")");
            }
        }
        if (rateShareOfUniform == 0) {
            return;
        }
        for (String scenario : scenarios) {
            if (scenario.trim().equals("uniform")) {
                return;
            }
            if (offersARate(scenario.trim())) {
                throw new IllegalArgumentException("bench.rate=" + Math.round(rateShareOfUniform * 100)
                        + "% offers a share of the uniform rate: put uniform before " + scenario.trim());
            }
        }
    }

    /** The scenarios whose payments arrive at a rate (open model) rather than from clients back to back. */
    static boolean offersARate(String scenario) {
        return scenario.equals("open") || scenario.equals("mixed");
    }

    /** What open and mixed offer, given the uniform rate measured earlier in the run (negative: not measured). */
    double offered(double uniformRate) {
        if (rateShareOfUniform == 0) {
            return rate;
        }
        if (uniformRate <= 0) {
            throw new IllegalStateException("bench.rate=" + Math.round(rateShareOfUniform * 100)
                    + "% needs a uniform scenario before the open or mixed one");
        }
        return rateShareOfUniform * uniformRate;
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + database;
    }
}
