package io.ledger.query.support;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The read models' writes during a processor batch, sent as JDBC batches when the batch commits instead of
 * one round trip per statement as each event is handled. A payment makes four read-model writes (two
 * postings, the payment's row and its status); one at a time they were a third of the database round
 * trips of a payment (docs/performance.md, session 9). They still commit in the batch's transaction,
 * with the processor's token, so they stand or fall with it exactly as before.
 *
 * <p>Order: the queued writes run in the order they were queued, except that a write of a lower
 * {@code phase} runs before one of a higher phase; consecutive writes of the same statement go as one
 * JDBC batch. A projection gives a later phase only to a write that can never precede, in its own row's
 * history, a write of an earlier phase (a payment's status change comes after its insert), so every
 * row still sees its writes in event order; everything else keeps phase 0 and keeps its place.
 *
 * <p>One by one: a write that fails in a batch fails the whole processor batch at commit, where the
 * dead-letter queue cannot tell which event caused it. So after a failure, for {@link #ONE_BY_ONE_FOR},
 * every write runs at once as its event is handled, and the handler runs in a savepoint (ADR 0006): the
 * processor's retry then finds the failing event and parks it, as it did before batching. The same holds
 * when a handler fails in Java, since nothing of its batch may commit.
 */
@Component
public class ReadModelWrites {

    /** How long writes go one by one, in savepoints, after a read-model write or handler failed. */
    public static final Duration ONE_BY_ONE_FOR = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(ReadModelWrites.class);

    private final JdbcTemplate jdbc;
    private final String queueKey = "ledger.readModelWrites." + System.identityHashCode(this);
    /** Until when (System.nanoTime) writes run one by one; already past at start. */
    private volatile long oneByOneUntil = System.nanoTime();

    public ReadModelWrites(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Queues the write on the current batch; runs it at once outside one, or while going one by one. */
    public void later(int phase, String sql, Object... args) {
        if (!CurrentUnitOfWork.isStarted() || oneByOne()) {
            jdbc.update(sql, args);
            return;
        }
        UnitOfWorkBatch.add(CurrentUnitOfWork.get(), queueKey, new Write(phase, sql, args), this::flush);
    }

    /** Runs what is queued, then this write, and answers its row count: for writes whose count decides more. */
    public int now(String sql, Object... args) {
        if (CurrentUnitOfWork.isStarted()) {
            UnitOfWork<?> root = CurrentUnitOfWork.get().root();
            List<Write> queued = root.getResource(queueKey);
            if (queued != null) {
                flush(queued);
            }
        }
        return jdbc.update(sql, args);
    }

    /** Whether writes run one by one, each handler in a savepoint, after a recent failure. */
    public boolean oneByOne() {
        return System.nanoTime() - oneByOneUntil < 0;
    }

    /** A read-model write or handler failed: go one by one for a while, so the retry can park the culprit. */
    public void failed(Throwable failure) {
        oneByOneUntil = System.nanoTime() + ONE_BY_ONE_FOR.toNanos();
        log.warn("A read-model write or handler failed ({}); its batch is rolled back and retried one write at a time, "
                + "each handler in a savepoint, for {}", failure, ONE_BY_ONE_FOR);
    }

    private void flush(List<Write> queued) {
        if (queued.isEmpty()) {
            return;
        }
        List<Write> writes = new ArrayList<>(queued);
        queued.clear();
        writes.sort(Comparator.comparingInt(Write::phase)); // stable: queued order within a phase
        try {
            int start = 0;
            while (start < writes.size()) {
                String sql = writes.get(start).sql();
                int end = start + 1;
                while (end < writes.size() && writes.get(end).sql().equals(sql)) {
                    end++;
                }
                if (end - start == 1) {
                    jdbc.update(sql, writes.get(start).args());
                } else {
                    jdbc.batchUpdate(sql, writes.subList(start, end).stream().map(Write::args).toList());
                }
                start = end;
            }
        } catch (RuntimeException e) {
            failed(e);
            throw e;
        }
    }

    private record Write(int phase, String sql, Object[] args) {
    }
}
