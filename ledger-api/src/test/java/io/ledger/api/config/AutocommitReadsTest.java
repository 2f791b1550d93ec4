package io.ledger.api.config;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AutocommitReadsTest {

    /** Records what the event store asked of the transactions it was given. */
    private final List<String> calls = new ArrayList<>();
    private final TransactionManager recording = () -> {
        calls.add("begin");
        return new Transaction() {
            @Override
            public void commit() {
                calls.add("commit");
            }

            @Override
            public void rollback() {
                calls.add("rollback");
            }
        };
    };
    private final AutocommitReads transactions = new AutocommitReads(recording);

    @AfterEach
    void noTransactionLeftOpen() {
        TransactionSynchronizationManager.setActualTransactionActive(false);
    }

    @Test
    void aReadOutsideATransactionRunsWithoutOne() {
        String read = transactions.fetchInTransaction(() -> {
            calls.add("read");
            return "events";
        });

        assertEquals("events", read);
        assertEquals(List.of("read"), calls);
    }

    @Test
    void aReadInsideATransactionRunsInIt() {
        TransactionSynchronizationManager.setActualTransactionActive(true);

        transactions.fetchInTransaction(() -> calls.add("read"));

        assertEquals(List.of("begin", "read", "commit"), calls);
    }

    @Test
    void aWriteAlwaysHasATransaction() {
        transactions.executeInTransaction(() -> calls.add("append"));

        assertEquals(List.of("begin", "append", "commit"), calls);
    }

    @Test
    void aFailingWriteRollsBack() {
        RuntimeException refused = new IllegalStateException("duplicate sequence number");

        assertSame(refused, assertThrows(IllegalStateException.class, () -> transactions.executeInTransaction(() -> {
            throw refused;
        })));

        assertEquals(List.of("begin", "rollback"), calls);
    }
}
