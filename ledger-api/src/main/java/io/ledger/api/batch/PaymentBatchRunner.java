package io.ledger.api.batch;

import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.ledger.api.dispatch.CommandDispatch;
import io.ledger.api.ops.SettlementBacklog;
import io.ledger.messages.common.LedgerException;
import io.ledger.messages.common.MetaDataKeys;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sends a batch's (or a payment file's) items as payment commands, each exactly as a single request would
 * (issue 20); a file's line whose creditor is outside the ledger as a payout command. Durable: the
 * dispatch is a db-scheduler task, stored with the batch; an instance killed in the middle leaves it to be picked
 * up again (within the scheduler's dead-execution time), and it resumes at the first item not yet recorded as
 * sent. An item sent before the crash but not recorded is sent again and lands on its own payment (the id derives
 * from the submitter and the item's key, ADR 0005), which answers as a replay: nothing is booked twice.
 *
 * <p>Items go in chunks; a chunk is sent as one unit of work with its outcomes, or, when any of it fails, item by
 * item with its outcomes recorded in one transaction after (ADR 0039). While settlement is more than a few chunks
 * behind the runner waits rather than piling on, and never takes it past the back-pressure limit of single payments.
 */
public class PaymentBatchRunner {

    public static final TaskDescriptor<String> TASK = TaskDescriptor.of("payment-batch", String.class);
    static final int CHUNK = 200;
    /** Chunks sent and not yet settled, at most, when the next is claimed: settlement has one to go on with. */
    static final int UNSETTLED_CHUNKS = 1;
    /** The events a chunk adds until it is settled: each payment's own and its settlement's three. */
    static final long CHUNK_EVENTS = 4L * CHUNK;
    /** How long the next chunk waits for that before it goes anyway, with room below the back-pressure limit. */
    static final Duration LEAD_WAIT = Duration.ofSeconds(1);
    /** How often settlement is read while the next chunk waits (the store's head, the saga's positions). */
    private static final Duration ROOM_POLL = Duration.ofMillis(50);
    private static final Logger log = LoggerFactory.getLogger(PaymentBatchRunner.class);

    private final PaymentBatches batches;
    private final CommandDispatch dispatch;
    private final SettlementBacklog backlog;
    private final TransactionTemplate transaction;
    private final TransactionManager transactions;

    public PaymentBatchRunner(PaymentBatches batches, CommandDispatch dispatch, SettlementBacklog backlog,
                              PlatformTransactionManager platformTransactions, TransactionManager transactions) {
        this.batches = batches;
        this.dispatch = dispatch;
        this.backlog = backlog;
        this.transaction = new TransactionTemplate(platformTransactions);
        this.transactions = transactions;
    }

    /** The scheduler's task: a failure (the database restarting) is retried within seconds, backing off. */
    public OneTimeTask<String> task() {
        return Tasks.oneTime(TASK)
                .onFailure(new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(1), 2.0))
                .execute((TaskInstance<String> instance, ExecutionContext context) -> run(instance.getId()));
    }

    void run(String batchId) {
        Optional<PaymentBatches.Dispatch> found = batches.dispatch(batchId);
        if (found.isEmpty()) {
            log.warn("payment batch {} to dispatch is not stored; nothing to do", batchId);
            return;
        }
        PaymentBatches.Dispatch dispatch = found.get();
        // Where the last claim ended: the next starts after it, so no claim walks over the items sent before it
        // (their index entries stay until vacuum). A run starts from the beginning, to send what a dead one claimed.
        int after = 0;
        // Where each chunk sent and not yet known settled ends in the store, oldest first.
        Deque<Long> unsettled = new ArrayDeque<>();
        boolean sent = false;
        while (true) {
            awaitRoom(unsettled, sent);
            List<PaymentBatches.Queued> chunk = batches.claim(batchId, dispatch.submittedBy(), after, CHUNK);
            if (chunk.isEmpty()) {
                break;
            }
            after = chunk.get(chunk.size() - 1).itemNo();
            if (!sentTogether(batchId, chunk, dispatch)) {
                sendOneByOne(batchId, chunk, dispatch);
            }
            sent = true;
            if (dispatch.atomic() && batches.stopIfFailed(batchId)) {
                break;
            }
        }
        // Cancelled, or atomic and failed: what was not sent never will be.
        int unsent = batches.purgeUnsent(batchId);
        if (unsent > 0) {
            log.info("payment batch {} stopped; {} items not sent are cancelled", batchId, unsent);
        }
        batches.dispatched(batchId);
    }

    /** Sends each item on its own, as a single request, and records the chunk's outcomes in one transaction. */
    private void sendOneByOne(String batchId, List<PaymentBatches.Queued> chunk, PaymentBatches.Dispatch batch) {
        List<PaymentBatches.Outcome> outcomes = new ArrayList<>(chunk.size());
        for (PaymentBatches.Queued item : chunk) {
            outcomes.add(send(batchId, item, batch));
        }
        transaction.executeWithoutResult(status -> {
            batches.record(batchId, outcomes);
            if (batch.atomic()) {
                for (int i = 0; i < outcomes.size(); i++) {
                    if (outcomes.get(i).refusal() != null) {
                        batches.refusedInAtomicBatch(batchId, outcomes.get(i), chunk.get(i).paymentId(),
                                lineage(batchId, chunk.get(i), batch));
                    }
                }
            }
        });
    }

    /**
     * Sends a chunk's items as one unit of work: each item's command is handled as a single request's is, and their
     * events, their command lineage and the items' outcomes commit together, in one transaction, the events appended
     * in one batch when it commits (Axon stages a nested unit of work's events on its root). Nothing holds a sequence
     * number of the event store open while the chunk is sent: a chunk that did (session 14: each command committing
     * into one open transaction) left gaps every tracking processor asked after, and cost more than it saved.
     * Processors then take the chunk's events in full batches rather than one or two at a time.
     *
     * <p>An item refused, any failure, or the commit failing (an item sent before a crash meets its stored payment,
     * another instance's events collide) rolls the whole chunk back — nothing of it is stored — and answers false:
     * the caller then sends each item on its own, as a single request, where a refusal or a replay is answered as
     * before. So an item's outcome never depends on the chunk it came in.
     */
    private boolean sentTogether(String batchId, List<PaymentBatches.Queued> chunk, PaymentBatches.Dispatch batch) {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            unitOfWork.attachTransaction(transactions);
            List<PaymentBatches.Outcome> outcomes = new ArrayList<>(chunk.size());
            for (PaymentBatches.Queued item : chunk) {
                MetaData lineage = lineage(batchId, item, batch);
                if (item.payout() != null) {
                    dispatch.initiatePayoutWithin(item.payout(), lineage);
                } else {
                    dispatch.initiateWithin(item.command(), lineage);
                }
                outcomes.add(new PaymentBatches.Outcome(item.itemNo(), null, null));
            }
            batches.record(batchId, outcomes);
        } catch (RuntimeException | Error failed) {
            unitOfWork.rollback(failed);
            if (failed instanceof Error error) {
                throw error;
            }
            log.debug("payment batch {}: a chunk of {} items sent one by one ({})", batchId, chunk.size(),
                    failed.getClass().getSimpleName());
            return false;
        }
        try {
            unitOfWork.commit();
            return true;
        } catch (RuntimeException failed) {
            // The unit of work rolled itself back: nothing of the chunk is stored.
            log.debug("payment batch {}: a chunk of {} items did not commit; sent one by one ({})", batchId,
                    chunk.size(), failed.getClass().getSimpleName());
            return false;
        }
    }

    private PaymentBatches.Outcome send(String batchId, PaymentBatches.Queued item, PaymentBatches.Dispatch batch) {
        // The batch's (or file's) request is every item's root: its correlation id, its submitter; the item is the
        // cause, named by where it stands.
        MetaData lineage = lineage(batchId, item, batch);
        try {
            if (item.payout() != null) {
                dispatch.initiatePayout(item.payout(), lineage);
            } else {
                dispatch.initiate(item.command(), lineage);
            }
            return new PaymentBatches.Outcome(item.itemNo(), null, null);
        } catch (LedgerException refused) {
            return new PaymentBatches.Outcome(item.itemNo(), refused.code(), refused.getMessage());
        }
    }

    private static MetaData lineage(String batchId, PaymentBatches.Queued item, PaymentBatches.Dispatch batch) {
        String origin = "API".equals(batch.source()) ? "batch:" : "file:";
        return MetaData.from(Map.of(
                MetaDataKeys.CORRELATION_ID, batch.correlationId(),
                MetaDataKeys.CAUSATION_ID, origin + batchId + "#" + item.itemNo(),
                MetaDataKeys.PRINCIPAL, batch.submittedBy(),
                MetaDataKeys.SCOPES, batch.scopes()));
    }

    /**
     * Waits until at most {@link #UNSETTLED_CHUNKS} of the chunks this run sent are not yet settled, so settlement
     * always has a chunk to go on with while the next is claimed and sent, and never more than that waiting behind it;
     * and until a chunk's events fit below the back-pressure limit single payments are refused at (2,000 events by
     * default: settlement at most 1,200 behind), so a batch does not take the room they need. When an older chunk stays
     * unsettled for {@link #LEAD_WAIT} (single payments keeping settlement busy, or its segments run by another
     * instance, read as stored), the next goes anyway with that room, so a batch still moves a chunk every
     * {@link #LEAD_WAIT}.
     *
     * <p>A chunk is settled once every segment of the saga has passed the head read after it committed. Not the lag
     * in events, as before: with a hot account (a treasury paying a file) the saga's segments take its lock in turn,
     * one of them can wait while the other settles several batches, and settlement's own events grow the lag — the
     * lag stayed above a few chunks' worth until settlement ran dry, and the lane sent in bursts with settlement idle
     * between them (docs/performance.md, session 30).
     */
    private void awaitRoom(Deque<Long> unsettled, boolean chunkSent) {
        long patience = System.nanoTime() + LEAD_WAIT.toNanos();
        boolean marked = !chunkSent;
        while (true) {
            // One reading (the saga's tokens, the store's head) answers all three: where the chunk just sent ends (the
            // first reading's head, read after it committed), which chunks are settled, and the room.
            SettlementBacklog now = backlog.readNow();
            if (!marked) {
                unsettled.addLast(now.head());
                marked = true;
            }
            while (!unsettled.isEmpty() && now.passed(unsettled.peekFirst())) {
                unsettled.removeFirst();
            }
            boolean room = now.withRoomFor(CHUNK_EVENTS);
            if (room && (unsettled.size() <= UNSETTLED_CHUNKS || System.nanoTime() >= patience)) {
                return;
            }
            try {
                Thread.sleep(ROOM_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while settlement caught up", e);
            }
        }
    }

}
