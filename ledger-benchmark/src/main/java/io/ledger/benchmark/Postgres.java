package io.ledger.benchmark;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The PostgreSQL server both the ledger and the baseline run on. */
final class Postgres {

    private final Settings settings;

    Postgres(Settings settings) {
        this.settings = settings;
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(settings.jdbcUrl(database), settings.pgUser(), "");
    }

    /** Refuses to measure anything unless every commit is flushed to disk. */
    void requireDurable() throws SQLException {
        try (Connection connection = connect("postgres")) {
            for (String setting : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
                String value = show(connection, setting);
                if (!"on".equals(value)) {
                    throw new IllegalStateException("PostgreSQL runs with " + setting + "=" + value
                            + "; the benchmark measures durable commits only");
                }
            }
        }
    }

    String describe() throws SQLException {
        try (Connection connection = connect("postgres")) {
            return "PostgreSQL " + show(connection, "server_version") + ", fsync=" + show(connection, "fsync")
                    + ", synchronous_commit=" + show(connection, "synchronous_commit")
                    + ", shared_buffers=" + show(connection, "shared_buffers")
                    + ", max_connections=" + show(connection, "max_connections");
        }
    }

    void recreate(String database) throws SQLException {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("drop database if exists " + database + " with (force)");
            statement.execute("create database " + database);
        }
    }

    void drop(String database) throws SQLException {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("drop database if exists " + database + " with (force)");
        }
    }

    static long single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String show(Connection connection, String setting) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("show " + setting)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
