package io.ledger.api.config;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.ConnectionWrapperFactory;
import org.springframework.jdbc.datasource.DataSourceUtils;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The connections Axon's JDBC event store and token store use: the Spring transaction's own when one is open,
 * otherwise one from the pool; released exactly once.
 *
 * <p>Why not Axon's {@code SpringDataSourceConnectionProvider}: Axon's unit of work closes the connection it
 * handed out in its clean-up phase, after the Spring transaction has committed and already given the same
 * connection back to the pool. Closing it a second time is not harmless with HikariCP: the closed proxy still
 * shares the pooled connection's list of open statements, and {@code close()} clears that list while another
 * thread, which borrowed the connection in between, is adding its statements to it. Under load that surfaced
 * as a rare 500 ({@code ArrayIndexOutOfBoundsException} in Hikari's {@code FastList.add}, docs/performance.md).
 * A connection that is already closed is therefore left alone.
 */
public final class TransactionConnections implements ConnectionProvider {

    private final DataSource dataSource;
    private final ConnectionWrapperFactory.ConnectionCloseHandler releaseOnce;

    public TransactionConnections(DataSource dataSource) {
        this.dataSource = dataSource;
        this.releaseOnce = new ConnectionWrapperFactory.ConnectionCloseHandler() {
            @Override
            public void close(Connection connection) {
                try {
                    if (connection.isClosed()) {
                        return;
                    }
                } catch (SQLException unknown) {
                    // Spring's release decides what to do with a connection whose state cannot be read.
                }
                DataSourceUtils.releaseConnection(connection, dataSource);
            }

            @Override
            public void commit(Connection connection) throws SQLException {
                if (!DataSourceUtils.isConnectionTransactional(connection, dataSource)) {
                    connection.commit();
                }
            }
        };
    }

    @Override
    public Connection getConnection() throws SQLException {
        return ConnectionWrapperFactory.wrap(DataSourceUtils.doGetConnection(dataSource), releaseOnce);
    }
}
