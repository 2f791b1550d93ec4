package io.ledger.api.batch;

import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A PostgreSQL session-level advisory lock on one payment file, held on a connection of its own for as long as the
 * file is imported. PostgreSQL lets go of it when that connection ends, including when the instance holding it is
 * killed: a lock found free means no import of the file is running anywhere.
 */
public final class FileLock implements AutoCloseable {

    /** The advisory lock space of payment files, beside the key: no other lock of the service can collide. */
    private static final int LOCK_CLASS = 0x50_46_49_4C;   // "PFIL"

    private final Connection connection;
    private final int key;

    FileLock(DataSource dataSource, long fileKey, Duration wait) {
        this(connection(dataSource), fileKey);
        lock(wait);
    }

    private FileLock(Connection connection, long fileKey) {
        this.connection = connection;
        this.key = (int) (fileKey ^ (fileKey >>> 32));
    }

    /** The lock if it is free now, else null. */
    static FileLock tryLock(DataSource dataSource, long fileKey) {
        FileLock lock = new FileLock(connection(dataSource), fileKey);
        try (PreparedStatement attempt = lock.connection.prepareStatement("select pg_try_advisory_lock(?, ?)")) {
            attempt.setInt(1, LOCK_CLASS);
            attempt.setInt(2, lock.key);
            try (var rs = attempt.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return lock;
                }
            }
        } catch (SQLException e) {
            lock.close();
            throw new IllegalStateException("could not look at a payment file's lock", e);
        }
        lock.close();
        return null;
    }

    private static Connection connection(DataSource dataSource) {
        try {
            Connection connection = dataSource.getConnection();
            connection.setAutoCommit(true);
            return connection;
        } catch (SQLException e) {
            throw new IllegalStateException("no connection to lock a payment file on", e);
        }
    }

    private void lock(Duration wait) {
        try (Statement timeout = connection.createStatement()) {
            timeout.execute("set lock_timeout = " + Math.max(1, wait.toMillis()));
            try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_lock(?, ?)")) {
                lock.setInt(1, LOCK_CLASS);
                lock.setInt(2, key);
                lock.execute();
            }
        } catch (SQLException e) {
            close();
            if ("55P03".equals(e.getSQLState())) {
                throw new LedgerException(ErrorCode.SERVICE_UNAVAILABLE,
                        "another upload of this file is still being imported; ask again later");
            }
            throw new IllegalStateException("could not lock a payment file", e);
        }
    }

    @Override
    public void close() {
        try (connection) {
            try (Statement reset = connection.createStatement()) {
                reset.execute("reset lock_timeout");
                reset.execute("select pg_advisory_unlock_all()");
            }
        } catch (SQLException e) {
            // The connection is gone, and its lock with it.
        }
    }
}
