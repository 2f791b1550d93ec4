package io.ledger.api.config;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A segment's position after a batch that handled nothing is held for up to a second and written with whatever the
 * segment does next; a batch that handled events, a replay, and an awaited processor are written at once.
 */
class IdleTokenWritesTest {

    static final String SAGA = "PaymentSagaProcessor";
    static final String BALANCES = "account-projection";

    final Recording stored = new Recording();
    final AtomicLong now = new AtomicLong();
    final IdleTokenWrites tokens = new IdleTokenWrites(stored, Set.of(BALANCES), Duration.ofSeconds(1), now::get);

    static TrackingToken at(long position) {
        return GapAwareTrackingToken.newInstance(position, List.of());
    }

    @Test
    void aSegmentThatHandledNothingIsWrittenAtMostOnceASecondAndWithItsNextClaimExtension() {
        tokens.storeToken(at(10), SAGA, 0);          // the first after a claim: written
        now.addAndGet(Duration.ofMillis(200).toNanos());
        tokens.storeToken(at(11), SAGA, 0);          // nothing handled, 200 ms later: held
        tokens.storeToken(at(13), SAGA, 0);          // and again: the later one held
        assertEquals(List.of("store 0 @10"), stored.calls);

        tokens.extendClaim(SAGA, 0);                 // idle: the held position is written, which extends the claim
        assertEquals(List.of("store 0 @10", "store 0 @13"), stored.calls);
        tokens.extendClaim(SAGA, 0);                 // nothing held: an ordinary extension
        assertEquals("extend 0", stored.calls.get(2));

        now.addAndGet(Duration.ofMillis(999).toNanos());
        tokens.storeToken(at(14), SAGA, 0);          // 999 ms after the last write: held
        now.addAndGet(Duration.ofMillis(1).toNanos());
        tokens.storeToken(at(15), SAGA, 0);          // a second after it: written
        assertEquals(List.of("store 0 @10", "store 0 @13", "extend 0", "store 0 @15"), stored.calls);
    }

    @Test
    void aBatchThatHandledEventsIsWrittenAtOnceAndReplacesWhatWasHeld() {
        tokens.storeToken(at(10), SAGA, 1);
        tokens.storeToken(at(12), SAGA, 1);          // held
        DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("event"));
        tokens.storeToken(at(20), SAGA, 1);
        batch.commit();
        tokens.extendClaim(SAGA, 1);                 // nothing held any more
        assertEquals(List.of("store 1 @10", "store 1 @20", "extend 1"), stored.calls);

        tokens.storeToken(at(21), SAGA, 1);          // held after the batch's write
        assertEquals(3, stored.calls.size());
    }

    @Test
    void releasingOrReadingASegmentWritesWhatWasHeldFirst() {
        tokens.storeToken(at(10), SAGA, 0);
        tokens.storeToken(at(11), SAGA, 0);
        tokens.releaseClaim(SAGA, 0);
        assertEquals(List.of("store 0 @10", "store 0 @11", "release 0"), stored.calls);

        tokens.storeToken(at(12), SAGA, 0);          // claimed again: its first write goes through
        tokens.storeToken(at(13), SAGA, 0);
        assertEquals(at(13), tokens.fetchToken(SAGA, 0)); // read after the held position was written
        assertEquals(List.of("store 0 @10", "store 0 @11", "release 0", "store 0 @12", "store 0 @13", "fetch 0"),
                stored.calls);
    }

    @Test
    void awaitedProcessorsAndReplaysAreAlwaysWritten() {
        tokens.storeToken(at(10), BALANCES, 0);
        tokens.storeToken(at(11), BALANCES, 0);
        TrackingToken replay = ReplayToken.createReplayToken(at(11), at(0));
        tokens.storeToken(at(10), SAGA, 0);
        tokens.storeToken(replay, SAGA, 0);
        tokens.storeToken(at(12), SAGA, 0);          // after a replay token: no held position compares with it
        assertEquals(List.of("store 0 @10", "store 0 @11", "store 0 @10", "store 0 replay", "store 0 @12"),
                stored.calls);
    }

    @Test
    void aPositionBehindTheWrittenOneIsNeverHeld() {
        tokens.storeToken(at(10), SAGA, 0);
        tokens.storeToken(at(5), SAGA, 0);
        assertEquals(List.of("store 0 @10", "store 0 @5"), stored.calls);
    }

    /** The calls that reached the store, in order. */
    static final class Recording implements TokenStore {
        final List<String> calls = new ArrayList<>();
        TrackingToken last;

        @Override
        public void storeToken(TrackingToken token, String processorName, int segment) {
            last = token;
            calls.add("store " + segment + " " + (token instanceof GapAwareTrackingToken gap
                    ? "@" + gap.getIndex() : "replay"));
        }

        @Override
        public TrackingToken fetchToken(String processorName, int segment) {
            calls.add("fetch " + segment);
            return last;
        }

        @Override
        public void extendClaim(String processorName, int segment) {
            calls.add("extend " + segment);
        }

        @Override
        public void releaseClaim(String processorName, int segment) {
            calls.add("release " + segment);
        }

        @Override
        public int[] fetchSegments(String processorName) {
            return new int[] {0, 1};
        }
    }
}
