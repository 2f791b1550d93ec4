package io.ledger.query.support;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** A fresh PostgreSQL database holding only the read-model tables, migrated by the same Flyway script. */
public final class ReadModelDatabase {

    private static final String SERVER = System.getenv().getOrDefault("LEDGER_TEST_DB_SERVER",
            "jdbc:postgresql://127.0.0.1:5432/");
    private static final String USER = System.getenv().getOrDefault("LEDGER_TEST_DB_USER", "postgres");
    private static final String PASSWORD = System.getenv().getOrDefault("LEDGER_TEST_DB_PASSWORD", "");

    private ReadModelDatabase() {
    }

    /** Databases made in this JVM; dropped when it ends (nothing here pools connections to them). */
    private static final List<String> CREATED = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ReadModelDatabase::dropAll, "drop-test-databases"));
    }

    public static JdbcTemplate create() {
        // The naming the API module's TestDatabase sweeps when a killed run left one behind.
        String name = "ledger_test_query_" + Instant.now().getEpochSecond() + "_" + UUID.randomUUID().toString().substring(0, 8);
        try (var connection = DriverManager.getConnection(SERVER + "postgres", USER, PASSWORD);
             var statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Tests need PostgreSQL at " + SERVER + ": " + e.getMessage(), e);
        }
        CREATED.add(name);
        DriverManagerDataSource dataSource = new DriverManagerDataSource(SERVER + name, USER, PASSWORD);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return new JdbcTemplate(dataSource);
    }

    private static void dropAll() {
        try (var connection = DriverManager.getConnection(SERVER + "postgres", USER, PASSWORD);
             var statement = connection.createStatement()) {
            for (String name : CREATED) {
                statement.execute("drop database if exists " + name + " with (force)");
            }
        } catch (SQLException e) {
            System.err.println("Could not drop the read-model test databases: " + e.getMessage());
        }
    }
}
