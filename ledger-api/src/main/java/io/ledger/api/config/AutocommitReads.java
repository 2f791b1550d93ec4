package io.ledger.api.config;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.function.Supplier;

/**
 * The event store's transactions: a write (appending events, storing a snapshot) joins the open transaction or opens
 * one, as before; a read outside any transaction runs in autocommit instead of in a transaction of its own.
 *
 * <p>Why: the event store's shared reader fetches the new events after every commit that appended some, and Axon wraps
 * each fetch (and its gap queries) in a transaction: a {@code BEGIN} and a {@code COMMIT} round trip around one to
 * three {@code SELECT}s, on the thread every tracking processor waits for. At 100 payments/s that was about two of
 * the seven transactions a payment began (docs/performance.md, session 26). Nothing is lost by dropping them: under
 * PostgreSQL's READ COMMITTED every statement takes its own snapshot inside a transaction too, so the statements of a
 * fetch never saw one consistent state, and Axon's gap tracking never relied on it. A read inside a transaction (an
 * aggregate loaded by a command, a processor's batch) still runs in that transaction.
 */
public final class AutocommitReads implements TransactionManager {

    private final TransactionManager delegate;

    public AutocommitReads(TransactionManager delegate) {
        this.delegate = delegate;
    }

    @Override
    public Transaction startTransaction() {
        return delegate.startTransaction();
    }

    @Override
    public <T> T fetchInTransaction(Supplier<T> supplier) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return delegate.fetchInTransaction(supplier);
        }
        return supplier.get();
    }
}
