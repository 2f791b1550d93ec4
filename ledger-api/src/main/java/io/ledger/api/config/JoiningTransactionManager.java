package io.ledger.api.config;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Lets a nested unit of work (a command the saga sends, handled in the saga's thread; an item's command in a
 * batch's chunk, ADR 0039) join the transaction that is already open instead of opening a participating one.
 *
 * <p>Why: the saga dispatches a posting or a hold to an account that may not exist; Axon rolls the nested
 * unit of work back, and a participating Spring transaction would then mark the whole saga transaction
 * rollback-only, so the saga could never record ACCOUNT_NOT_FOUND. Joining keeps one owner of commit
 * and rollback: the outermost unit of work. A nested failure still discards the nested unit's own
 * staged events; only a failure that escapes to the root rolls the database back.
 */
public class JoiningTransactionManager implements TransactionManager {

    private static final Transaction JOINED = new Transaction() {
        @Override
        public void commit() {
            // The outermost transaction commits for everyone.
        }

        @Override
        public void rollback() {
            // The outermost transaction decides; a swallowed nested failure must not doom it.
        }
    };

    private final TransactionManager delegate;

    public JoiningTransactionManager(TransactionManager delegate) {
        this.delegate = delegate;
    }

    @Override
    public Transaction startTransaction() {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return JOINED;
        }
        return delegate.startTransaction();
    }
}
