package io.ledger.api.ops;

import io.ledger.query.balance.AccountProjection;
import io.ledger.query.payment.PaymentProjection;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Operations on the read models: rebuild them from the event store (reset the tokens and replay),
 * and handle their dead letters. The audit log and the saga are not read models: they are never
 * rebuilt or dead-lettered, since skipping or replaying an event would break the chain or the money.
 */
@Component
public class ReadModels {

    public static final Set<String> PROJECTIONS = Set.of(AccountProjection.PROCESSING_GROUP, PaymentProjection.PROCESSING_GROUP);

    private final EventProcessingConfiguration processing;
    private final ProcessorStatus status;

    public ReadModels(EventProcessingConfiguration processing, ProcessorStatus status) {
        this.processing = processing;
        this.status = status;
    }

    /** Stops, resets and restarts each projection; they then replay from the first event. */
    public void rebuild(List<String> projections) {
        for (String name : projections) {
            StreamingEventProcessor processor = projection(name);
            processor.shutDown();
            processor.resetTokens();
            processor.start();
        }
    }

    /** Lets go of a segment this instance holds, so another instance can claim it (for rebalancing). */
    /** @throws IllegalStateException when the projection has no such segment */
    public void releaseSegment(String projection, int segment) {
        StreamingEventProcessor processor = projection(projection);
        if (!status.segments(projection).contains(segment)) {
            throw new IllegalStateException(projection + " has segments " + status.segments(projection)
                    + ", not " + segment);
        }
        processor.releaseSegment(segment, 30, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Per projection: replaying or not, position, events left to the head. */
    public Map<String, Map<String, Object>> progress() {
        Map<String, Map<String, Object>> result = new LinkedHashMap<>();
        Map<String, ProcessorStatus.Status> all = status.all();
        for (String name : PROJECTIONS) {
            StreamingEventProcessor processor = projection(name);
            boolean replaying = processor.processingStatus().values().stream().anyMatch(EventTrackerStatus::isReplaying);
            ProcessorStatus.Status s = all.get(name);
            result.put(name, Map.of("replaying", replaying, "position", s.position(), "remaining", s.lag(),
                    "running", s.running(), "segmentsHeld", s.segmentsHeld(), "segmentsTotal", s.segmentsTotal(),
                    "caughtUp", s.running() && s.lag() == 0 && s.segmentsHeld() == s.segmentsTotal()));
        }
        return result;
    }

    public record DeadLetterView(String sequence, String eventId, String payloadType, String cause, String enqueuedAt) {
    }

    public List<DeadLetterView> deadLetters(String projection) {
        projection(projection);
        List<DeadLetterView> letters = new ArrayList<>();
        for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue(projection).deadLetters()) {
            for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                letters.add(new DeadLetterView(String.valueOf(letter.message().getIdentifier()),
                        letter.message().getIdentifier(), letter.message().getPayloadType().getSimpleName(),
                        letter.cause().map(c -> c.type() + ": " + c.message()).orElse(null),
                        letter.enqueuedAt().toString()));
            }
        }
        return letters;
    }

    /** Retries every dead-lettered sequence once; returns how many sequences now went through. */
    public int retry(String projection) {
        projection(projection);
        var processor = processing.sequencedDeadLetterProcessor(projection)
                .orElseThrow(() -> new IllegalStateException(projection + " has no dead-letter queue"));
        int done = 0;
        long sequences = queue(projection).amountOfSequences();
        for (long i = 0; i < sequences; i++) {
            if (processor.processAny()) {
                done++;
            }
        }
        return done;
    }

    /** Drops every dead letter of the projection; a rebuild then restores what they would have written. */
    public int evict(String projection) {
        projection(projection);
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(projection);
        int evicted = 0;
        for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
            for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                queue.evict(letter);
                evicted++;
            }
        }
        return evicted;
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queue(String projection) {
        return processing.deadLetterQueue(projection)
                .orElseThrow(() -> new IllegalStateException(projection + " has no dead-letter queue"));
    }

    private StreamingEventProcessor projection(String name) {
        if (!PROJECTIONS.contains(name)) {
            throw new IllegalArgumentException("not a read model: " + name + " (one of " + PROJECTIONS + ")");
        }
        return processing.eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no streaming processor " + name));
    }
}
