package io.ledger.api.config;

import io.ledger.query.support.ReadModelProjection;

import io.ledger.query.support.ReadModelWrites;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Savepoint;

/**
 * Makes a failing read-model event handler leave no partial writes and lets the dead-letter queue
 * record it in the same transaction. On PostgreSQL a failed statement aborts the whole transaction, so
 * without a savepoint the dead letter could not be written and one poisoned event would stall the
 * projection (ADR 0006).
 *
 * <p>A savepoint costs two round trips per event, and handlers almost never fail. So handlers run
 * without one, their writes queued on the batch ({@link ReadModelWrites}), until one fails: that failure,
 * in the handler or in the batch's writes at commit, rolls the whole batch back (nothing of it is kept)
 * and makes writes run one by one for {@link ReadModelWrites#ONE_BY_ONE_FOR}; the processor retries the
 * batch, every handler now runs in a savepoint with its writes done at once, and the failing event is
 * parked as before. (ADR 0030; docs/performance.md.)
 */
public class SavepointPerProjectionHandler implements HandlerEnhancerDefinition {

    private final DataSource dataSource;
    private final ReadModelWrites writes;

    public SavepointPerProjectionHandler(DataSource dataSource, ReadModelWrites writes) {
        this.dataSource = dataSource;
        this.writes = writes;
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        if (!original.canHandleMessageType(EventMessage.class) || !ReadModelProjection.class.isAssignableFrom(original.declaringClass())) {
            return original;
        }
        return new WrappedMessageHandlingMember<>(original) {
            @Override
            public Object handle(Message<?> message, T target) throws Exception {
                if (!TransactionSynchronizationManager.isActualTransactionActive()) {
                    return super.handle(message, target);
                }
                if (!writes.oneByOne()) {
                    try {
                        return super.handle(message, target);
                    } catch (Exception | Error e) {
                        rollBackTheBatch(e);
                        throw e;
                    }
                }
                Connection connection = DataSourceUtils.getConnection(dataSource);
                Savepoint savepoint = connection.setSavepoint();
                try {
                    Object result = super.handle(message, target);
                    connection.releaseSavepoint(savepoint);
                    return result;
                } catch (Exception | Error e) {
                    connection.rollback(savepoint);
                    throw e;
                }
            }
        };
    }

    /**
     * A handler failed outside a savepoint: whatever it wrote before failing must not commit, so the
     * batch's unit of work refuses to commit, and the retry runs every handler in a savepoint.
     */
    private void rollBackTheBatch(Throwable failure) {
        writes.failed(failure);
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().root().onPrepareCommit(u -> {
                throw new IllegalStateException("a read-model handler failed without a savepoint; "
                        + "the batch is rolled back and retried with savepoints", failure);
            });
        }
    }
}
