package io.ledger.api.bootstrap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The database choice when LEDGER_DB_URL is not set. Run as root (CI), it must pick the local server;
 * run as a normal user, it starts the embedded PostgreSQL. Either way the chosen URL must answer.
 */
class DatabaseBootstrapTest {

    @AfterEach
    void clear() {
        System.clearProperty("spring.datasource.url");
        System.clearProperty("spring.datasource.username");
        System.clearProperty("spring.datasource.password");
    }

    @Test
    void anExplicitUrlIsLeftAlone() {
        DatabaseBootstrap.chooseDatabase(Map.of("LEDGER_DB_URL", "jdbc:postgresql://db.example:5432/ledger"));
        assertNull(System.getProperty("spring.datasource.url"));
    }

    @Test
    void withoutAUrlItChoosesADatabaseThatAnswers(@TempDir Path home) throws Exception {
        DatabaseBootstrap.chooseDatabase(Map.of("LEDGER_HOME", home.toString()));
        String url = System.getProperty("spring.datasource.url");
        if ("root".equals(System.getProperty("user.name"))) {
            assertTrue(url.startsWith("jdbc:postgresql://127.0.0.1:5432/"), url);
        }
        try (var connection = DriverManager.getConnection(url, System.getProperty("spring.datasource.username"),
                System.getProperty("spring.datasource.password"))) {
            assertTrue(connection.isValid(5), url);
        }
    }
}
