package io.ledger.api.ops;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Each event processor's state and how far it is behind the head of the event store. */
@Component
public class ProcessorStatus {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final TokenStore tokenStore;

    public ProcessorStatus(EventProcessingConfiguration processing, EventStore eventStore, TokenStore tokenStore) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.tokenStore = tokenStore;
    }

    /**
     * One processor as this instance sees it: running, in error, its slowest claimed segment's position
     * and lag in events, and how many of the processor's segments this instance holds.
     */
    public record Status(String name, boolean running, boolean error, String errorMessage, long position, long lag,
                         int segmentsHeld, int segmentsTotal) {
    }

    public Map<String, Status> all() {
        long head = position(eventStore.createHeadToken());
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
                .map(streaming -> status(name, streaming, position(eventStore.createHeadToken())));
    }

    private Status status(String name, StreamingEventProcessor streaming, long head) {
        long slowest = Long.MAX_VALUE;
        boolean error = false;
        String message = null;
        for (EventTrackerStatus segment : streaming.processingStatus().values()) {
            slowest = Math.min(slowest, position(segment.getTrackingToken()));
            if (segment.isErrorState()) {
                error = true;
                message = segment.getError() == null ? "error" : segment.getError().getClass().getSimpleName();
            }
        }
        if (slowest == Long.MAX_VALUE) {
            slowest = 0; // no segment claimed here (another instance holds them) or not started
        }
        return new Status(name, streaming.isRunning(), error, message, slowest, Math.max(0, head - slowest),
                streaming.processingStatus().size(), segments(name));
    }

    private int segments(String processor) {
        try {
            return tokenStore.fetchSegments(processor).length;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static long position(TrackingToken token) {
        return token == null ? 0 : token.position().orElse(0);
    }
}
