package io.ledger.api.config;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Savepoint;

/**
 * Runs each read-model event handler inside a savepoint. On PostgreSQL a failed statement aborts the
 * whole transaction; without the savepoint the dead-letter queue could not record the failing event in
 * that same transaction, and one poisoned event would stall the projection instead of being parked.
 */
public class SavepointPerProjectionHandler implements HandlerEnhancerDefinition {

    private static final String[] READ_MODEL_PACKAGES = {"io.ledger.query.balance", "io.ledger.query.payment"};

    private final DataSource dataSource;

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

    private static boolean isReadModel(Class<?> type) {
        for (String pkg : READ_MODEL_PACKAGES) {
            if (type.getPackageName().startsWith(pkg)) {
                return true;
            }
        }
        return false;
    }
}
