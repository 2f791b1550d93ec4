package io.ledger.query.support;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/** A fresh PostgreSQL database holding only the read-model tables, migrated by the same Flyway script. */
public final class ReadModelDatabase {

    private static final String SERVER = System.getenv().getOrDefault("LEDGER_TEST_DB_SERVER",
            "jdbc:postgresql://127.0.0.1:5432/");
    private static final String USER = System.getenv().getOrDefault("LEDGER_TEST_DB_USER", "postgres");
    private static final String PASSWORD = System.getenv().getOrDefault("LEDGER_TEST_DB_PASSWORD", "");

    private ReadModelDatabase() {
    }

    public static JdbcTemplate create() {
        String name = "ledger_query_" + UUID.randomUUID().toString().substring(0, 8);
        try (var connection = DriverManager.getConnection(SERVER + "postgres", USER, PASSWORD);
             var statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Tests need PostgreSQL at " + SERVER + ": " + e.getMessage(), e);
        }
        DriverManagerDataSource dataSource = new DriverManagerDataSource(SERVER + name, USER, PASSWORD);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return new JdbcTemplate(dataSource);
    }
}
