package io.ledger.api.ops;

import io.ledger.command.payment.PaymentModule;
import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Back-pressure at acceptance. A payment accepted while settlement is far behind only waits longer,
 * holds a request thread while it waits, and may end EXPIRED; so while the settlement saga is more
 * than {@code ledger.payments.max-backlog-events} events behind the head of the event store, new
 * payments are refused at once with 503 and {@code Retry-After}. The client retries with the same
 * Idempotency-Key, so nothing is lost or doubled.
 *
 * <p>The backlog is read every {@code ledger.payments.backlog-check-every}, off the request path (a request only
 * reads a field): the saga's segments this instance runs from their positions in memory, the others from their
 * stored tokens, so it is right whichever instance runs them and does not trail this instance's own progress.
 */
@Component
public class SettlementBacklog {

    private static final Logger log = LoggerFactory.getLogger(SettlementBacklog.class);

    private final ProcessorStatus processors;
    private final long maxEvents;
    private final Duration retryAfter;
    /** The saga's last reading: its slowest segment's position and the store's head. */
    private volatile ProcessorStatus.Progress saga = new ProcessorStatus.Progress(0, 0);

    public SettlementBacklog(ProcessorStatus processors, io.ledger.api.config.FlowSettings.Payments settings) {
        this.processors = processors;
        this.maxEvents = settings.maxBacklogEvents();
        this.retryAfter = settings.backlogRetryAfter();
    }

    /** @throws Full while the backlog is above the limit (a limit of 0 turns the check off) */
    public void requireRoom() {
        long behind = saga.lag();
        if (maxEvents > 0 && behind > maxEvents) {
            throw new Full(behind, retryAfter);
        }
    }

    /**
     * Whether {@code events} more would keep settlement within the back-pressure limit: the batch lane's test before
     * it sends a chunk, so the chunk does not take the room single payments need. Always with no limit, and when
     * settlement has caught up, so a limit lower than a chunk's events still lets a batch move.
     */
    public boolean withRoomFor(long events) {
        long behind = saga.lag();
        return maxEvents <= 0 || behind == 0 || behind + events <= maxEvents;
    }

    /**
     * Reads the backlog at once instead of waiting for the next scheduled reading: for the batch lane's hand-off
     * (PaymentBatchRunner), where a chunk settles in about the time between two readings, so a reading up to
     * {@code backlog-check-every} old let settlement run dry before the next chunk was sent.
     */
    public SettlementBacklog readNow() {
        refresh();
        return this;
    }

    /** The store's head at the last reading: the batch lane marks with it, read after a chunk, where the chunk ends. */
    public long head() {
        return saga.head();
    }

    /**
     * Whether settlement had passed {@code position} at the last reading: every segment of the saga at or beyond it
     * (those this instance runs at their positions in memory, the others as stored). The batch lane's chunk is settled
     * once settlement has passed the head read after the chunk committed.
     */
    public boolean passed(long position) {
        return saga.position() >= position;
    }

    @Scheduled(fixedDelayString = "${ledger.payments.backlog-check-every}")
    void refresh() {
        try {
            saga = processors.progress(PaymentModule.SAGA_PROCESSING_GROUP);
        } catch (DataAccessException e) {
            log.warn("Could not read the settlement backlog; keeping the last reading ({} events)", saga.lag(), e);
        }
    }

    /** New payments are refused for now; answered 503 with Retry-After. */
    public static final class Full extends LedgerException {

        private final Duration retryAfter;

        Full(long behind, Duration retryAfter) {
            super(ErrorCode.SERVICE_UNAVAILABLE, "settlement is " + behind
                    + " events behind; the payment was not accepted, retry it with the same Idempotency-Key");
            this.retryAfter = retryAfter;
        }

        public long retryAfterSeconds() {
            return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        }
    }
}
