package io.ledger.api.config;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token store that writes the position of a segment which handled nothing at most once per {@code idleWrite}.
 *
 * <p>A tracking processor's thread takes every batch the stream offers; when none of its events is for the
 * segment (another segment's payment, an event type it ignores) Axon still stores the new token in a
 * transaction of its own: an UPDATE and a commit — a WAL flush — for nothing that needs to survive. At a
 * hundred payments a second that was most of the 17 database transactions a payment cost (docs/performance.md,
 * session 23). Here such a write is held while the segment's position was stored less than {@code idleWrite}
 * ago, and written with the segment's next write, its next claim extension (once a second when idle), or
 * before it is released or read again. A token written with events it handled is written at once, as Axon does.
 *
 * <p>Losing a held token loses nothing: the events between the stored and the held position are the ones this
 * segment did not handle, and a restart reads them again and passes them over again (which events a segment
 * handles depends only on the events and the segment). The stored position of such a segment lags by up to
 * {@code idleWrite} plus a claim extension, so a processor whose stored tokens are waited on for
 * read-your-writes is named in {@code awaited} and has every token written at once: the balances'
 * (BalanceProgress).
 */
final class IdleTokenWrites implements TokenStore {

    private record Key(String processor, int segment) {
    }

    private record Written(TrackingToken token, long atNanos) {
    }

    private final TokenStore delegate;
    private final Set<String> awaited;
    private final long idleWriteNanos;
    private final LongSupplier nanoTime;
    private final Map<Key, Written> written = new ConcurrentHashMap<>();
    private final Map<Key, TrackingToken> held = new ConcurrentHashMap<>();

    IdleTokenWrites(TokenStore delegate, Set<String> awaited, Duration idleWrite) {
        this(delegate, awaited, idleWrite, System::nanoTime);
    }

    IdleTokenWrites(TokenStore delegate, Set<String> awaited, Duration idleWrite, LongSupplier nanoTime) {
        this.delegate = delegate;
        this.awaited = Set.copyOf(awaited);
        this.idleWriteNanos = idleWrite.toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) throws UnableToClaimTokenException {
        Key key = new Key(processorName, segment);
        if (CurrentUnitOfWork.isStarted()) {
            // A batch that handled events: its token commits with what it wrote.
            held.remove(key);
            delegate.storeToken(token, processorName, segment);
            CurrentUnitOfWork.get().afterCommit(u -> written.put(key, new Written(token, nanoTime.getAsLong())));
            return;
        }
        Written last = written.get(key);
        if (!awaited.contains(processorName) && last != null && token instanceof GapAwareTrackingToken
                && last.token() instanceof GapAwareTrackingToken && token.covers(last.token()) && nanoTime.getAsLong() - last.atNanos() < idleWriteNanos) {
            held.put(key, token);
            return;
        }
        write(key, token);
    }

    private void write(Key key, TrackingToken token) {
        held.remove(key);
        delegate.storeToken(token, key.processor(), key.segment());
        written.put(key, new Written(token, nanoTime.getAsLong()));
    }

    /** Writes a held token first: whatever comes next (extending, releasing, reading) sees the segment's position. */
    private void flush(String processorName, int segment) {
        Key key = new Key(processorName, segment);
        TrackingToken token = held.get(key);
        if (token != null) {
            write(key, token);
        }
    }

    @Override
    public void extendClaim(String processorName, int segment) throws UnableToClaimTokenException {
        Key key = new Key(processorName, segment);
        if (held.containsKey(key)) {
            flush(processorName, segment); // storing extends the claim as well
        } else {
            delegate.extendClaim(processorName, segment);
        }
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
        try {
            flush(processorName, segment);
        } finally {
            written.remove(new Key(processorName, segment));
            delegate.releaseClaim(processorName, segment);
        }
    }

    @Override
    public TrackingToken fetchToken(String processorName, int segment) throws UnableToClaimTokenException {
        flush(processorName, segment);
        return delegate.fetchToken(processorName, segment);
    }

    @Override
    public TrackingToken fetchToken(String processorName, Segment segment) throws UnableToClaimTokenException {
        flush(processorName, segment.getSegmentId());
        return delegate.fetchToken(processorName, segment);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount) throws UnableToClaimTokenException {
        delegate.initializeTokenSegments(processorName, segmentCount);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken)
            throws UnableToClaimTokenException {
        delegate.initializeTokenSegments(processorName, segmentCount, initialToken);
    }

    @Override
    public void initializeSegment(TrackingToken token, String processorName, int segment) {
        delegate.initializeSegment(token, processorName, segment);
    }

    @Override
    public void deleteToken(String processorName, int segment) throws UnableToClaimTokenException {
        Key key = new Key(processorName, segment);
        held.remove(key);
        written.remove(key);
        delegate.deleteToken(processorName, segment);
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return delegate.requiresExplicitSegmentInitialization();
    }

    @Override
    public int[] fetchSegments(String processorName) {
        return delegate.fetchSegments(processorName);
    }

    @Override
    public List<Segment> fetchAvailableSegments(String processorName) {
        return delegate.fetchAvailableSegments(processorName);
    }

    @Override
    public Optional<String> retrieveStorageIdentifier() {
        return delegate.retrieveStorageIdentifier();
    }
}
