package io.ledger.query.support;

import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Queued read-model writes, on real PostgreSQL: when they run, in which order, and what a failure does. */
class ReadModelWritesTest {

    private static JdbcTemplate jdbc;
    private ReadModelWrites writes;

    @BeforeAll
    static void database() {
        jdbc = ReadModelDatabase.create();
        jdbc.execute("create table t (id int primary key, v text not null, history text not null default '')");
    }

    @BeforeEach
    void fresh() {
        jdbc.execute("truncate t");
        writes = new ReadModelWrites(jdbc);
    }

    private static final String INSERT = "insert into t (id, v) values (?, ?)";
    private static final String APPEND = "update t set v = ?, history = history || ? where id = ?";

    private static String row(int id) {
        List<String> found = jdbc.queryForList("select v || '|' || history from t where id = ?", String.class, id);
        return found.isEmpty() ? null : found.get(0);
    }

    private static DefaultUnitOfWork<?> batch() {
        return DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
    }

    @Test
    void outsideABatchAWriteRunsAtOnce() {
        writes.later(0, INSERT, 1, "a");
        assertEquals("a|", row(1));
    }

    @Test
    void inABatchWritesRunWhenItCommitsInTheOrderTheyWereQueued() {
        DefaultUnitOfWork<?> batch = batch();
        writes.later(0, INSERT, 1, "a");
        writes.later(0, APPEND, "b", "b", 1);
        writes.later(0, INSERT, 2, "x");
        writes.later(0, APPEND, "c", "c", 1);
        writes.later(0, APPEND, "d", "d", 1);
        writes.later(0, APPEND, "y", "y", 2);
        assertEquals(null, row(1), "nothing is written before the commit");
        batch.commit();
        assertEquals("d|bcd", row(1));
        assertEquals("y|y", row(2));
    }

    @Test
    void anEarlierPhaseRunsFirstAndEachPhaseKeepsItsOrder() {
        DefaultUnitOfWork<?> batch = batch();
        writes.later(0, INSERT, 1, "a");
        writes.later(1, APPEND, "b", "b", 1);
        writes.later(0, INSERT, 2, "x");  // queued after row 1's change, runs before it: a different row
        writes.later(1, APPEND, "c", "c", 1);
        writes.later(1, APPEND, "y", "y", 2);
        writes.later(2, APPEND, "z", "z", 2);
        batch.commit();
        assertEquals("c|bc", row(1));
        assertEquals("z|yz", row(2));
    }

    @Test
    void aWriteWhoseCountMattersRunsAfterWhatWasQueuedBeforeIt() {
        DefaultUnitOfWork<?> batch = batch();
        writes.later(0, INSERT, 1, "a");
        assertEquals(1, writes.now(APPEND, "b", "b", 1), "the queued insert ran first");
        writes.later(0, APPEND, "c", "c", 1);
        assertEquals("b|b", row(1));
        batch.commit();
        assertEquals("c|bc", row(1));
    }

    @Test
    void aFailingBatchFailsItsCommitThenWritesGoOneByOne() {
        jdbc.update(INSERT, 1, "a");
        DefaultUnitOfWork<?> batch = batch();
        writes.later(0, INSERT, 2, "x");
        writes.later(0, INSERT, 1, "again");  // duplicate key: fails when the batch is sent
        assertFalse(writes.oneByOne());
        assertThrows(DataIntegrityViolationException.class, batch::commit);
        assertTrue(writes.oneByOne(), "the retry must find the failing write itself");

        DefaultUnitOfWork<?> retry = batch();
        writes.later(0, INSERT, 3, "z");
        assertEquals("z|", row(3), "one by one, a write runs as it is made");
        assertThrows(DataIntegrityViolationException.class, () -> writes.later(0, INSERT, 1, "again"),
                "and fails in the handler that made it, where the dead-letter queue can park its event");
        retry.commit();
    }
}
