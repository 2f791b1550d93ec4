package io.ledger.query.balance;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BalanceProgressTest {

    @Test
    void aTokenCoversWhatItHasSeen() {
        GapAwareTrackingToken token = GapAwareTrackingToken.newInstance(100, List.of(40L, 90L));
        assertTrue(BalanceProgress.covers(token, 100));
        assertTrue(BalanceProgress.covers(token, 41));
        assertFalse(BalanceProgress.covers(token, 101), "not reached yet");
        assertFalse(BalanceProgress.covers(token, 90), "a gap: that event was not visible yet");
    }

    @Test
    void anOldGapBelowThePositionDoesNotHoldItBack() {
        // Axon's own covers() would answer false here until the gap at 3 is forgotten.
        assertTrue(BalanceProgress.covers(GapAwareTrackingToken.newInstance(500, List.of(3L)), 400));
    }

    @Test
    void aReplayingOrMissingTokenCoversNothing() {
        GapAwareTrackingToken seen = GapAwareTrackingToken.newInstance(100, List.of());
        assertFalse(BalanceProgress.covers(ReplayToken.createReplayToken(seen, GapAwareTrackingToken.newInstance(10, List.of())), 5));
        assertFalse(BalanceProgress.covers(null, 1));
        assertFalse(BalanceProgress.covers(new GlobalSequenceTrackingToken(100), 1));
    }
}
