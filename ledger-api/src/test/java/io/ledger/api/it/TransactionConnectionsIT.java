package io.ledger.api.it;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.ledger.api.config.JoiningTransactionManager;
import io.ledger.api.config.TransactionConnections;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The connection a unit of work used is given back to the pool once, by its transaction, and never closed again
 * from the unit of work's clean-up while someone else has borrowed it. A pool of one connection makes "someone
 * else" certain: whoever borrows after the commit gets the same pooled connection.
 */
class TransactionConnectionsIT {

    private String url;
    private HikariDataSource pool;
    private JoiningTransactionManager transactions;

    @BeforeEach
    void pool() {
        url = TestDatabase.create("connections");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(TestDatabase.USER);
        config.setPassword(TestDatabase.PASSWORD);
        config.setMaximumPoolSize(1);
        pool = new HikariDataSource(config);
        transactions = new JoiningTransactionManager(new SpringTransactionManager(new DataSourceTransactionManager(pool)));
    }

    @AfterEach
    void drop() {
        pool.close();
        TestDatabase.drop(url);
    }

    @Test
    void theNextBorrowerKeepsItsStatementsAfterTheUnitOfWorkCleansUp() throws Exception {
        PreparedStatement borrowersStatement = commitThenBorrow(
                new UnitOfWorkAwareConnectionProviderWrapper(new TransactionConnections(pool)));

        assertFalse(borrowersStatement.isClosed(), "the clean-up left the borrower's statement alone");
        borrowersStatement.getConnection().close();
        assertTrue(borrowersStatement.isClosed(), "the pool still tracked the borrower's statement, so closing the "
                + "connection closed it");
    }

    /**
     * What the test above guards against: Axon's own provider closes the connection again in the clean-up. When
     * this fails, Axon or HikariCP no longer do that, and {@link TransactionConnections} can go.
     */
    @Test
    void axonsSpringProviderClosesTheConnectionTwice() throws Exception {
        PreparedStatement borrowersStatement = commitThenBorrow(
                new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(pool)));

        borrowersStatement.getConnection().close();
        assertFalse(borrowersStatement.isClosed(), "the second close emptied the pool's list of the borrower's "
                + "statements, so the pool no longer knew to close it (and another thread adding to that list "
                + "meanwhile corrupts it)");
        borrowersStatement.close();
    }

    @Test
    void aConnectionTakenOutsideATransactionIsGivenBack() throws Exception {
        ConnectionProvider connections = new UnitOfWorkAwareConnectionProviderWrapper(new TransactionConnections(pool));
        try (Connection connection = connections.getConnection(); var statement = connection.createStatement()) {
            statement.execute("select 1");
        }
        try (Connection again = pool.getConnection()) {
            assertFalse(again.isClosed(), "the only pooled connection was given back");
        }
    }

    /**
     * Runs a unit of work that writes through the provider in its transaction; after its commit, before its
     * clean-up, borrows the pool's one connection and prepares a statement on it.
     */
    private PreparedStatement commitThenBorrow(ConnectionProvider connections) throws Exception {
        AtomicReference<PreparedStatement> borrowed = new AtomicReference<>();
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactions);
        unitOfWork.afterCommit(u -> {
            try {
                Connection next = pool.getConnection();
                borrowed.set(next.prepareStatement("select 2"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Integer written = unitOfWork.executeWithResult(() -> inStatement(connections, connection -> {
            try (var statement = connection.createStatement()) {
                return statement.executeUpdate("create table touched (id int)");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        })).getPayload();
        assertEquals(0, written);
        return borrowed.get();
    }

    private static <T> T inStatement(ConnectionProvider connections, Function<Connection, T> work) throws Exception {
        Connection connection = connections.getConnection();
        try {
            return work.apply(connection);
        } finally {
            connection.close();
        }
    }
}
