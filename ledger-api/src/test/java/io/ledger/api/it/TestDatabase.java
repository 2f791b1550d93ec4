package io.ledger.api.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fresh PostgreSQL database per test context on the server the tests use (127.0.0.1:5432 unless
 * LEDGER_TEST_DB_SERVER says otherwise), so parallel or repeated runs never share state; and dropped
 * again. A Spring test context drops its database once its connection pool has closed
 * ({@link TestDatabaseCleanup}); a test that runs the service as a process drops its own with
 * {@link #drop}. What a killed run left behind is swept on the next run's first use: databases of this
 * naming older than {@link #LEFTOVER_AGE} that nobody is connected to.
 */
public final class TestDatabase {

    public static final String SERVER = System.getenv().getOrDefault("LEDGER_TEST_DB_SERVER",
            "jdbc:postgresql://127.0.0.1:5432/");
    public static final String USER = System.getenv().getOrDefault("LEDGER_TEST_DB_USER", "postgres");
    public static final String PASSWORD = System.getenv().getOrDefault("LEDGER_TEST_DB_PASSWORD", "");

    /** Longer than any test run (CI stops one at 90 minutes), so a concurrent run's databases are never swept. */
    static final Duration LEFTOVER_AGE = Duration.ofHours(3);
    /** ledger_test_{purpose}_{epoch seconds}_{random}. */
    private static final Pattern NAME = Pattern.compile("ledger_test_[a-z]+_(\\d+)_[0-9a-f]{8}");
    /** How runs before this class dropped anything named their databases; never dropped, so any is left over. */
    private static final Pattern OLD_NAME = Pattern.compile("ledger_(it|crash|pair|backpressure|expiry|ratelimit|snapshot|scale|query)_[0-9a-f]{8}");

    private static volatile boolean swept;

    private TestDatabase() {
    }

    /** Creates a new, empty database on the tests' server and returns its JDBC URL. */
    public static String create(String purpose) {
        return create(SERVER, purpose);
    }

    /** Creates a new, empty database on the given server (URL ending in '/') and returns its JDBC URL. */
    public static String create(String server, String purpose) {
        if (!swept && server.equals(SERVER)) {
            swept = true;
            sweepLeftovers();
        }
        String name = "ledger_test_" + purpose + "_" + Instant.now().getEpochSecond() + "_"
                + UUID.randomUUID().toString().substring(0, 8);
        try (Connection connection = DriverManager.getConnection(server + "postgres", USER, PASSWORD);
             var statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Tests need PostgreSQL at " + server + " (start it with "
                    + "'pg_ctlcluster --skip-systemctl-redirect 15 main start'): " + e.getMessage(), e);
        }
        return server + name;
    }

    /** Drops a database this class created, cutting any connection still open to it. */
    public static void drop(String url) {
        int slash = url.lastIndexOf('/');
        String server = url.substring(0, slash + 1);
        String name = url.substring(slash + 1);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a test database: " + name);
        }
        try (Connection connection = DriverManager.getConnection(server + "postgres", USER, PASSWORD);
             var statement = connection.createStatement()) {
            statement.execute("drop database if exists " + name + " with (force)");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop test database " + name + ": " + e.getMessage(), e);
        }
    }

    private static void sweepLeftovers() {
        long cutoff = Instant.now().minus(LEFTOVER_AGE).getEpochSecond();
        try (Connection connection = DriverManager.getConnection(SERVER + "postgres", USER, PASSWORD);
             var statement = connection.createStatement()) {
            List<String> stale = new ArrayList<>();
            try (var rows = statement.executeQuery("select datname from pg_database d where datname like 'ledger\\_%' "
                    + "and not exists (select 1 from pg_stat_activity a where a.datname = d.datname)")) {
                while (rows.next()) {
                    Matcher name = NAME.matcher(rows.getString(1));
                    if (name.matches() && Long.parseLong(name.group(1)) < cutoff || OLD_NAME.matcher(rows.getString(1)).matches()) {
                        stale.add(rows.getString(1));
                    }
                }
            }
            for (String name : stale) {
                statement.execute("drop database if exists " + name);
            }
        } catch (SQLException e) {
            // Sweeping is housekeeping: a failure here must not fail the run; create() reports a dead server.
        }
    }
}
