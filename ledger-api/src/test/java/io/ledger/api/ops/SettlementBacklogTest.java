package io.ledger.api.ops;

import io.ledger.api.config.FlowSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The back-pressure limit single payments are refused at, and the batch lane's two tests before a chunk (room for its
 * events below that limit; the chunk before it settled), read from one backlog.
 */
class SettlementBacklogTest {

    /** The saga as a test sets it: where its slowest segment is, and the store's head. */
    private static final class Saga extends ProcessorStatus {
        private long position;
        private long head;

        private Saga() {
            super(null, null, null);
        }

        @Override
        public Progress progress(String processor) {
            return new Progress(position, head);
        }
    }

    private static SettlementBacklog over(Saga saga, long limit) {
        return new SettlementBacklog(saga, new FlowSettings.Payments(null, limit, Duration.ofSeconds(1)));
    }

    /** Settlement this many events behind, read. */
    private static SettlementBacklog behind(long events, long limit) {
        Saga saga = new Saga();
        saga.head = events;
        SettlementBacklog backlog = over(saga, limit);
        backlog.refresh();
        return backlog;
    }

    @Test
    void singlePaymentsAreRefusedOnlyBeyondTheLimit() {
        assertThrows(SettlementBacklog.Full.class, () -> behind(2_001, 2_000).requireRoom());
        assertDoesNotThrow(() -> behind(2_000, 2_000).requireRoom());
        assertDoesNotThrow(() -> behind(1_000_000, 0).requireRoom(), "a limit of 0 turns the check off");
    }

    @Test
    void aChunkIsSentOnlyWithRoomForItsEventsBelowTheLimit() {
        assertTrue(behind(1_200, 2_000).withRoomFor(800));
        assertFalse(behind(1_201, 2_000).withRoomFor(800), "its events would take settlement past the limit");
        assertDoesNotThrow(() -> behind(1_201, 2_000).requireRoom(), "single payments still have room");
        assertTrue(behind(1_000_000, 0).withRoomFor(800), "no limit, no test");
        assertTrue(behind(0, 6).withRoomFor(800), "caught up: a limit below a chunk's events still lets a batch move");
        assertFalse(behind(1, 6).withRoomFor(800));
    }

    @Test
    void theBatchLaneReadsWhereSettlementIsNowNotAtTheLastReading() {
        Saga saga = new Saga();
        saga.head = 1_500;
        SettlementBacklog backlog = over(saga, 2_000);
        backlog.refresh();
        saga.position = 1_400; // the saga caught up since the scheduled reading
        assertFalse(backlog.withRoomFor(800), "the scheduled reading is still the old one");
        assertTrue(backlog.readNow().withRoomFor(800));
        assertDoesNotThrow(backlog::requireRoom);
    }

    @Test
    void aChunkIsSettledOnceEverySegmentOfTheSagaHasPassedWhereItEnded() {
        Saga saga = new Saga();
        saga.position = 950;
        saga.head = 1_000;
        SettlementBacklog backlog = over(saga, 2_000).readNow();
        assertEquals(1_000, backlog.head(), "a chunk is marked with the head read after it");
        assertFalse(backlog.passed(1_000));
        saga.position = 1_000;
        assertFalse(backlog.passed(1_000), "the last reading still says 950");
        assertTrue(backlog.readNow().passed(1_000));
        assertTrue(backlog.passed(999));
    }
}
