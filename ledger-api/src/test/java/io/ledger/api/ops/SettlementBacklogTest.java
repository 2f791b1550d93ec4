package io.ledger.api.ops;

import io.ledger.api.config.FlowSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The batch lane's lower mark and the back-pressure limit single payments are refused at, read from one backlog. */
class SettlementBacklogTest {

    /** Settlement this many events behind, as the saga's positions say. */
    private static SettlementBacklog behind(long events, long limit) {
        ProcessorStatus tokens = new ProcessorStatus(null, null, null) {
            @Override
            public long lag(String processor) {
                return events;
            }
        };
        SettlementBacklog backlog = new SettlementBacklog(tokens,
                new FlowSettings.Payments(null, limit, Duration.ofSeconds(1)));
        backlog.refresh();
        return backlog;
    }

    @Test
    void aMarkBelowTheLimitIsKeptBySettlementWithinIt() {
        assertTrue(behind(150, 2_000).within(200));
        assertFalse(behind(250, 2_000).within(200));
        assertDoesNotThrow(() -> behind(250, 2_000).requireRoom(), "single payments still have room");
    }

    @Test
    void theLimitCapsAnyMark() {
        assertFalse(behind(150, 100).within(200));
        assertFalse(behind(2_001, 2_000).within(Long.MAX_VALUE));
        assertThrows(SettlementBacklog.Full.class, () -> behind(2_001, 2_000).requireRoom());
        assertTrue(behind(2_000, 2_000).within(Long.MAX_VALUE));
    }

    @Test
    void theBatchLaneReadsWhereSettlementIsNowNotAtTheLastReading() {
        long[] lag = {1_500};
        ProcessorStatus tokens = new ProcessorStatus(null, null, null) {
            @Override
            public long lag(String processor) {
                return lag[0];
            }
        };
        SettlementBacklog backlog = new SettlementBacklog(tokens,
                new FlowSettings.Payments(null, 2_000L, Duration.ofSeconds(1)));
        backlog.refresh();
        lag[0] = 100; // the saga caught up since the scheduled reading
        assertFalse(backlog.within(600), "the scheduled reading is still the old one");
        assertTrue(backlog.readNow().within(600));
        assertDoesNotThrow(backlog::requireRoom);
    }

    @Test
    void withoutALimitOnlyTheMarkCounts() {
        assertTrue(behind(1_000_000, 0).within(Long.MAX_VALUE));
        assertFalse(behind(1_000_000, 0).within(200));
    }
}
