package io.ledger.api.config;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The event store as the tracking processors read it: while events come close behind each other, a processor's batch
 * stays open for a moment after its first event to take the events right behind it (ADR 0038).
 *
 * <p>Axon's tracking processor takes into a batch what is in the stream when its first event arrives, and commits
 * the batch with its token in one transaction. Under moderate load that is one or two events: a payment's events
 * reach every processor in two bursts (the request's, then the settlement's), and every processor segment commits a
 * transaction per burst — 15 to 17 database transactions per payment at 100 payments/s against under 4 in a full
 * batch (docs/performance.md, session 23). Held open for {@code linger}, a batch takes the next payments' events
 * too. The price is latency: up to {@code linger} per processor a payment passes, paid only while events are
 * flowing: a batch whose first event was awaited longer than {@code linger} (a quiet ledger) is not held, and a batch
 * that has taken {@link #ENOUGH} events is not held further.
 *
 * <p>Only when the stream runs dry is anything held: a processor that is behind reads as before.
 */
public final class LingeringEventSource implements StreamableMessageSource<TrackedEventMessage<?>> {

    /**
     * Events taken after which a batch is not held any longer: no larger than the smallest batch size of a processor
     * reading this source (20), or a full batch would wait for an event it has no room for.
     */
    static final int ENOUGH = 20;

    private final StreamableMessageSource<TrackedEventMessage<?>> events;
    private final long lingerNanos;
    private final LongSupplier nanoClock;

    public LingeringEventSource(StreamableMessageSource<TrackedEventMessage<?>> events, Duration linger) {
        this(events, linger, System::nanoTime);
    }

    LingeringEventSource(StreamableMessageSource<TrackedEventMessage<?>> events, Duration linger,
                         LongSupplier nanoClock) {
        if (linger.isNegative()) {
            throw new IllegalArgumentException("ledger.processors.linger must not be negative");
        }
        this.events = events;
        this.lingerNanos = linger.toNanos();
        this.nanoClock = nanoClock;
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        BlockingStream<TrackedEventMessage<?>> stream = events.openStream(trackingToken);
        return lingerNanos == 0 ? stream : new Lingering(stream);
    }

    @Override
    public TrackingToken createTailToken() {
        return events.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return events.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return events.createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return events.createTokenSince(duration);
    }

    /**
     * One processor thread's stream. The processor asks {@link #hasNextAvailable(int, TimeUnit)} (waiting) for a
     * batch's first event and then {@link #peek()} (not waiting) for each next one until the stream is empty or the
     * batch full; an empty peek is what this stream holds, for what is left of the linger.
     */
    private final class Lingering implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> stream;
        private long holdUntil;
        private boolean holding;
        private int taken;

        private Lingering(BlockingStream<TrackedEventMessage<?>> stream) {
            this.stream = stream;
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            long asked = nanoClock.getAsLong();
            boolean available = stream.hasNextAvailable(timeout, unit);
            long now = nanoClock.getAsLong();
            // A first event that came within the linger: events are flowing, more are likely right behind it.
            holding = available && now - asked < lingerNanos;
            holdUntil = now + lingerNanos;
            taken = 0;
            return available;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            Optional<TrackedEventMessage<?>> next = stream.peek();
            if (next.isPresent() || !holding) {
                return next;
            }
            long left = holdUntil - nanoClock.getAsLong();
            if (taken < ENOUGH && left > 0) {
                try {
                    if (stream.hasNextAvailable((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)),
                            TimeUnit.MILLISECONDS)) {
                        return stream.peek();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            holding = false; // the batch goes as it is
            return next;
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            taken++;
            return stream.nextAvailable();
        }

        @Override
        public boolean hasNextAvailable() {
            return stream.hasNextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            stream.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            return stream.setOnAvailableCallback(callback);
        }

        @Override
        public void close() {
            stream.close();
        }
    }
}
