package io.ledger.api.bootstrap;

import io.ledger.api.it.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The database choice when LEDGER_DB_URL is not set: made once, remembered with the data, and never
 * swapped for another database afterwards. (The embedded server itself, killed and started again, is
 * EmbeddedRestartIT's.)
 */
class DatabaseBootstrapTest {

    @AfterEach
    void clear() {
        System.clearProperty("spring.datasource.url");
        System.clearProperty("spring.datasource.username");
        System.clearProperty("spring.datasource.password");
    }

    private static DatabaseBootstrap bootstrap(Path home, String server, String database, boolean root) {
        return new DatabaseBootstrap(Map.of("LEDGER_HOME", home.toString(),
                "LEDGER_DB_USER", TestDatabase.USER, "LEDGER_DB_PASSWORD", TestDatabase.PASSWORD), server, database, root);
    }

    private static String deadServer() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "jdbc:postgresql://127.0.0.1:" + socket.getLocalPort() + "/";
        }
    }

    @Test
    void anExplicitUrlIsLeftAlone() {
        DatabaseBootstrap.chooseDatabase(Map.of("LEDGER_DB_URL", "jdbc:postgresql://db.example:5432/ledger"));
        assertNull(System.getProperty("spring.datasource.url"));
    }

    @Test
    void asRootTheFirstStartChoosesTheLocalServerAndRemembersIt(@TempDir Path home) throws Exception {
        String url = TestDatabase.create("boot");
        String name = url.substring(url.lastIndexOf('/') + 1);
        try {
            TestDatabase.drop(url);
            bootstrap(home, TestDatabase.SERVER, name, true).choose();
            assertEquals(url, System.getProperty("spring.datasource.url"));
            assertEquals("local-server\n", Files.readString(home.resolve("database")));
            try (var connection = DriverManager.getConnection(url, TestDatabase.USER, TestDatabase.PASSWORD)) {
                assertTrue(connection.isValid(5), "the database was created");
            }
        } finally {
            TestDatabase.drop(url);
        }
    }

    @Test
    void aRememberedServerThatDoesNotAnswerStopsTheServiceInsteadOfChoosingAnother(@TempDir Path home) throws Exception {
        Files.writeString(home.resolve("database"), "local-server\n");
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> bootstrap(home, deadServer(), "ledger", false).choose());
        assertTrue(refused.getMessage().contains("LEDGER_DB_URL"), refused.getMessage());
        assertNull(System.getProperty("spring.datasource.url"));
        assertTrue(Files.notExists(home.resolve("pgdata")), "no embedded server was started in its place");
    }

    @Test
    void anEmbeddedLedgerIsNeverSwappedForTheLocalServer(@TempDir Path home) throws Exception {
        // A home from before the choice was written down: its pgdata says embedded.
        Files.createDirectories(home.resolve("pgdata"));
        IllegalStateException asRoot = assertThrows(IllegalStateException.class,
                () -> bootstrap(home, TestDatabase.SERVER, "ledger", true).choose());
        assertTrue(asRoot.getMessage().contains("cannot run as root"), asRoot.getMessage());
        assertNull(System.getProperty("spring.datasource.url"), "the local server, which answers, was not used");
    }

    @Test
    void aDataDirectoryOfAnotherPostgresVersionIsRefusedNotReplaced(@TempDir Path home) throws Exception {
        Files.createDirectories(home.resolve("pgdata"));
        Files.writeString(home.resolve("pgdata/PG_VERSION"), "14\n");
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> bootstrap(home, TestDatabase.SERVER, "ledger", false).choose());
        assertTrue(refused.getMessage().contains("PostgreSQL 14") && refused.getMessage().contains("pg_upgrade"),
                refused.getMessage());
        assertNull(System.getProperty("spring.datasource.url"));
    }

    @Test
    void aChoiceFileSayingSomethingElseIsRefused(@TempDir Path home) throws Exception {
        Files.writeString(home.resolve("database"), "somewhere\n");
        assertThrows(IllegalStateException.class, () -> bootstrap(home, TestDatabase.SERVER, "ledger", true).choose());
    }
}
