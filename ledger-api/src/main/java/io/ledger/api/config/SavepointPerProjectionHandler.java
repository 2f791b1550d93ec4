package io.ledger.api.config;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Savepoint;
import java.time.Duration;

/**
 * Makes a failing read-model event handler leave no partial writes and lets the dead-letter queue
 * record it in the same transaction. On PostgreSQL a failed statement aborts the whole transaction, so
 * without a savepoint the dead letter could not be written and one poisoned event would stall the
 * projection (ADR 0006).
 *
 * <p>A savepoint costs two round trips per event, and handlers almost never fail. So handlers run
 * without one until one fails: that failure rolls the whole batch back (nothing of it, the failing
 * handler's partial writes included, is kept) and switches savepoints on for {@link #CAREFUL_FOR};
 * the processor retries the batch, the failing handler now runs in a savepoint and its event is parked
 * as before. (ADR 0006, amended; docs/performance.md.)
 */
public class SavepointPerProjectionHandler implements HandlerEnhancerDefinition {

    static final Duration CAREFUL_FOR = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(SavepointPerProjectionHandler.class);
    private static final String[] READ_MODEL_PACKAGES = {"io.ledger.query.balance", "io.ledger.query.payment"};

    private final DataSource dataSource;
    /** Until when (System.nanoTime) every handler runs in a savepoint; already past at start. */
    private volatile long carefulUntil = System.nanoTime();

    public SavepointPerProjectionHandler(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        if (!original.canHandleMessageType(EventMessage.class) || !isReadModel(original.declaringClass())) {
            return original;
        }
        return new WrappedMessageHandlingMember<>(original) {
            @Override
            public Object handle(Message<?> message, T target) throws Exception {
                if (!TransactionSynchronizationManager.isActualTransactionActive()) {
                    return super.handle(message, target);
                }
                if (!careful()) {
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

    /** Whether handlers run in savepoints now. */
    boolean careful() {
        return System.nanoTime() - carefulUntil < 0;
    }

    /**
     * A handler failed outside a savepoint: whatever it wrote before failing must not commit, so the
     * batch's unit of work refuses to commit, and the retry runs every handler in a savepoint.
     */
    private void rollBackTheBatch(Throwable failure) {
        carefulUntil = System.nanoTime() + CAREFUL_FOR.toNanos();
        log.warn("A read-model handler failed ({}); retrying its batch with a savepoint per handler for {}",
                failure.toString(), CAREFUL_FOR);
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().root().onPrepareCommit(u -> {
                throw new IllegalStateException("a read-model handler failed without a savepoint; "
                        + "the batch is rolled back and retried with savepoints", failure);
            });
        }
    }

    private static boolean isReadModel(Class<?> type) {
        for (String pkg : READ_MODEL_PACKAGES) {
            if (type.getPackageName().startsWith(pkg)) {
                return true;
            }
        }
        return false;
    }
}
