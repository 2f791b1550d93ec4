package io.ledger.api.ops;

import io.ledger.query.support.ProcessorTokens;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where each event processor is, and how far behind the head of the event store. Position and lag are
 * properties of the processor, read from its stored tokens, so every instance reports the same figures
 * whichever instance runs the segments: a standby that holds none is not "the whole store behind".
 * Only running and error state are this instance's own.
 */
@Component
public class ProcessorStatus {

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final ProcessorTokens tokens;

    public ProcessorStatus(EventProcessingConfiguration processing, JdbcTemplate jdbc, ProcessorTokens tokens) {
        this.processing = processing;
        this.jdbc = jdbc;
        this.tokens = tokens;
    }

    /**
     * One processor: running and in error on this instance; the position of its slowest segment as
     * stored and the lag in events; how many segments this instance holds and how many there are.
     */
    public record Status(String name, boolean running, boolean error, String errorMessage, long position, long lag,
                         int segmentsHeld, int segmentsTotal) {
    }

    public Map<String, Status> all() {
        long head = head();
        Map<String, Status> result = new LinkedHashMap<>();
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                result.put(name, status(name, streaming, head));
            }
        });
        return result;
    }

    /** One processor only: what a per-processor gauge needs, without reading every processor's tokens. */
    public Optional<Status> one(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class)
                .map(streaming -> status(name, streaming, head()));
    }

    /**
     * Where the processor's slowest segment is, and so how many events it is behind the head of the store (read
     * after the positions, so the lag is never understated): a segment this instance runs
     * (and is not failing in) at the position it has reached in memory, every other as stored. A segment stores its
     * token only with a batch that held one of its own events, so its stored position trails what it has passed —
     * by a batch, or by up to a second while it reads only other segments' events (docs/performance.md, sessions 24
     * and 27); the position in memory moves on at once, after each batch commits.
     */
    public Progress progress(String processor) {
        SortedMap<Integer, Long> positions = storedPositions(processor);
        processing.eventProcessor(processor, StreamingEventProcessor.class).ifPresent(streaming -> ProcessorTokens
                .heldHere(streaming).forEach((segment, token) -> positions.put(segment, ProcessorTokens.position(token))));
        return new Progress(slowest(positions), head());
    }

    /** Where a processor's slowest segment is, and the store's head read just after it. */
    public record Progress(long position, long head) {

        /** How many events the slowest segment is behind the head. */
        public long lag() {
            return Math.max(0, head - position);
        }
    }

    /** The processor's segment ids as stored (empty before it first ran). */
    public Set<Integer> segments(String processor) {
        return storedPositions(processor).keySet();
    }

    private Status status(String name, StreamingEventProcessor streaming, long head) {
        boolean error = false;
        String message = null;
        for (EventTrackerStatus segment : streaming.processingStatus().values()) {
            if (segment.isErrorState()) {
                error = true;
                message = segment.getError() == null ? "error" : segment.getError().getClass().getSimpleName();
            }
        }
        SortedMap<Integer, Long> stored = storedPositions(name);
        long position = slowest(stored);
        return new Status(name, streaming.isRunning(), error, message, position, Math.max(0, head - position),
                streaming.processingStatus().size(), stored.size());
    }

    private long head() {
        Long head = jdbc.queryForObject("select coalesce(max(global_index), 0) from domain_event_entry", Long.class);
        return head == null ? 0 : head;
    }

    private static long slowest(SortedMap<Integer, Long> positions) {
        return positions.values().stream().mapToLong(Long::longValue).min().orElse(0);
    }

    /** Segment to stored position; a segment without a token yet is at 0. */
    private SortedMap<Integer, Long> storedPositions(String processor) {
        SortedMap<Integer, Long> positions = new TreeMap<>();
        tokens.tokens(processor).forEach((segment, token) -> positions.put(segment, ProcessorTokens.position(token)));
        return positions;
    }
}
