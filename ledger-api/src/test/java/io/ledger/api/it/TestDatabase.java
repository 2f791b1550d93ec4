package io.ledger.api.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * A fresh PostgreSQL database per test context on the server the tests use (127.0.0.1:5432 unless
 * LEDGER_TEST_DB_SERVER says otherwise), so parallel or repeated runs never share state.
 */
public final class TestDatabase {

    public static final String SERVER = System.getenv().getOrDefault("LEDGER_TEST_DB_SERVER",
            "jdbc:postgresql://127.0.0.1:5432/");
    public static final String USER = System.getenv().getOrDefault("LEDGER_TEST_DB_USER", "postgres");
    public static final String PASSWORD = System.getenv().getOrDefault("LEDGER_TEST_DB_PASSWORD", "");

    private TestDatabase() {
    }

    /** Creates a new, empty database and returns its JDBC URL. */
    public static String create(String purpose) {
        String name = "ledger_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection connection = DriverManager.getConnection(SERVER + "postgres", USER, PASSWORD);
             var statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Tests need PostgreSQL at " + SERVER + " (start it with "
                    + "'pg_ctlcluster --skip-systemctl-redirect 15 main start'): " + e.getMessage(), e);
        }
        return SERVER + name;
    }
}
