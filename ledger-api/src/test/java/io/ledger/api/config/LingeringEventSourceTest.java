package io.ledger.api.config;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A batch is held open for the events right behind its first only while events are flowing, never past the linger,
 * never past {@link LingeringEventSource#ENOUGH} events; on a clock the test moves, so nothing here sleeps.
 */
class LingeringEventSourceTest {

    private static final long MS = 1_000_000;

    private final long[] now = {0};
    private final Events events = new Events();
    private final LingeringEventSource source = new LingeringEventSource(events, Duration.ofMillis(5), () -> now[0]);

    @Test
    void whileEventsFlowABatchTakesThoseThatComeWithinTheLingerOfItsFirst() throws InterruptedException {
        events.at(1, 3, 5, 7, 20);
        BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null);

        assertEquals(List.of(1L, 3L, 5L), batch(stream));
        assertEquals(6 * MS, now[0], "held until 5 ms after the first event came, not for the one at 7 ms");
        assertEquals(List.of(7L), batch(stream), "the next batch starts at the next event, awaited 1 ms: held again");
        assertEquals(12 * MS, now[0], "held its 5 ms, and nothing came");
    }

    @Test
    void aBatchWhoseFirstEventWasLongAwaitedIsNotHeld() throws InterruptedException {
        events.at(100, 101);
        BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null);

        assertEquals(List.of(100L), batch(stream), "a quiet ledger: the event goes at once, alone");
        assertEquals(100 * MS, now[0]);
    }

    @Test
    void aBatchHoldsNoLongerOnceItHasTakenEnough() throws InterruptedException {
        long[] at = new long[LingeringEventSource.ENOUGH + 1];
        at[LingeringEventSource.ENOUGH] = 2; // all at once, then one more 2 ms later
        events.at(at);
        BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null);

        assertEquals(LingeringEventSource.ENOUGH, batch(stream).size());
        assertEquals(0, now[0], "a batch that has enough goes without waiting");
    }

    @Test
    void eventsAlreadyThereAreTakenWithoutWaiting() throws InterruptedException {
        events.at(0, 0, 0);
        assertEquals(List.of(0L, 0L, 0L), batch(source.openStream(null)));
        assertEquals(5 * MS, now[0], "then held for more, the stream being dry");
    }

    @Test
    void noLingerIsTheEventStoreItself() {
        LingeringEventSource off = new LingeringEventSource(events, Duration.ZERO, () -> now[0]);
        assertSame(events.stream, off.openStream(null));
        assertThrows(IllegalArgumentException.class, () -> new LingeringEventSource(events, Duration.ofMillis(-1)));
    }

    /** Every tracking processor reads the event store through the lingering source (application.yml's source). */
    @Test
    void everyTrackingProcessorReadsThroughIt() throws IOException {
        Map<String, Map<String, String>> processors = processors(
                Files.readAllLines(Path.of("src/main/resources/application.yml")));
        assertTrue(processors.size() >= 6, "found the processors: " + processors.keySet());
        processors.forEach((name, settings) -> {
            if ("tracking".equals(settings.get("mode"))) {
                assertEquals("lingeringEvents", settings.get("source"), name);
            }
        });
        assertTrue(processors.values().stream().allMatch(settings -> "tracking".equals(settings.get("mode"))),
                "a processor of another mode would need its own look: " + processors);
    }

    /**
     * What Axon's tracking processor does for a batch: wait for a first event, then take the next ones while the
     * stream shows one (batch size 50).
     */
    private static List<Long> batch(BlockingStream<TrackedEventMessage<?>> stream) throws InterruptedException {
        List<Long> batch = new ArrayList<>();
        if (!stream.hasNextAvailable(1000, TimeUnit.MILLISECONDS)) {
            return batch;
        }
        batch.add((Long) stream.nextAvailable().getPayload());
        while (batch.size() < 50 && stream.peek().isPresent()) {
            batch.add((Long) stream.nextAvailable().getPayload());
        }
        return batch;
    }

    /** The processors under axon.eventhandling.processors, each with its scalar settings. */
    private static Map<String, Map<String, String>> processors(List<String> yaml) {
        Pattern entry = Pattern.compile("^( *)([\\w-]+):\\s*(.*)$");
        Map<String, Map<String, String>> processors = new LinkedHashMap<>();
        Deque<String> path = new ArrayDeque<>();
        Deque<Integer> indents = new ArrayDeque<>();
        for (String line : yaml) {
            Matcher m = entry.matcher(line);
            if (line.isBlank() || line.trim().startsWith("#") || !m.matches()) {
                continue;
            }
            int indent = m.group(1).length();
            while (!indents.isEmpty() && indents.peekLast() >= indent) {
                indents.removeLast();
                path.removeLast();
            }
            path.addLast(m.group(2));
            indents.addLast(indent);
            List<String> keys = new ArrayList<>(path);
            if (keys.size() == 5 && keys.subList(0, 3).equals(List.of("axon", "eventhandling", "processors"))) {
                processors.computeIfAbsent(keys.get(3), k -> new LinkedHashMap<>()).put(keys.get(4), m.group(3).trim());
            }
        }
        return processors;
    }

    /** An event store whose events arrive at given milliseconds of the test's clock. */
    private final class Events implements StreamableMessageSource<TrackedEventMessage<?>> {

        private final Deque<Long> arrivals = new ArrayDeque<>();
        private final BlockingStream<TrackedEventMessage<?>> stream = new BlockingStream<>() {

            @Override
            public Optional<TrackedEventMessage<?>> peek() {
                return arrivals.isEmpty() || arrivals.peekFirst() * MS > now[0] ? Optional.empty()
                        : Optional.of(message(arrivals.peekFirst()));
            }

            @Override
            public boolean hasNextAvailable(int timeout, TimeUnit unit) {
                long deadline = now[0] + unit.toNanos(timeout);
                if (!arrivals.isEmpty() && arrivals.peekFirst() * MS <= deadline) {
                    now[0] = Math.max(now[0], arrivals.peekFirst() * MS);
                    return true;
                }
                now[0] = deadline;
                return false;
            }

            @Override
            public TrackedEventMessage<?> nextAvailable() {
                assertFalse(peek().isEmpty(), "taken only when there");
                return message(arrivals.removeFirst());
            }

            @Override
            public void close() {
            }
        };

        void at(long... milliseconds) {
            for (long at : milliseconds) {
                arrivals.addLast(at);
            }
        }

        @Override
        public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
            return stream;
        }

        private static TrackedEventMessage<?> message(long at) {
            return new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(at),
                    GenericEventMessage.asEventMessage(at));
        }
    }
}
