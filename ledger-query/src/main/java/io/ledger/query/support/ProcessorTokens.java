package io.ledger.query.support;

import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where each event processor is, as its tokens are stored ({@code token_entry}, Axon's JDBC token store): the one place
 * that reads them (issue 24). Read without claiming — Axon's {@code TokenStore.fetchToken} would take the segment —
 * for the operations page and health, the watchdog, and read-your-writes on the balances.
 */
@Component
public class ProcessorTokens {

    private final JdbcTemplate jdbc;
    private final Serializer serializer;

    public ProcessorTokens(JdbcTemplate jdbc, @Qualifier("serializer") Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    /** Each segment's stored token by segment; null for a segment that has none yet. */
    public SortedMap<Integer, TrackingToken> tokens(String processor) {
        SortedMap<Integer, TrackingToken> tokens = new TreeMap<>();
        jdbc.query("select segment, token, token_type from token_entry where processor_name = ?", rs -> {
            byte[] token = rs.getBytes("token");
            String type = rs.getString("token_type");
            tokens.put(rs.getInt("segment"), token == null || type == null ? null
                    : serializer.deserialize(new SimpleSerializedObject<>(token, byte[].class, type, null)));
        }, processor);
        return tokens;
    }

    /** How many of the processor's segments no instance holds. */
    public long unclaimed(String processor) {
        Long count = jdbc.queryForObject("select count(*) from token_entry where processor_name = ? and owner is null",
                Long.class, processor);
        return count == null ? 0 : count;
    }

    /**
     * Each segment the processor runs on this instance and is not failing in, with the token it has got to in memory:
     * moved on after each batch commits, where the stored token waits for a batch holding one of the segment's own
     * events (ADR 0037). Read-your-writes on the balances and the settlement backlog read these first.
     */
    public static Map<Integer, TrackingToken> heldHere(StreamingEventProcessor processor) {
        Map<Integer, TrackingToken> held = new HashMap<>();
        processor.processingStatus().forEach((segment, status) -> {
            if (!status.isErrorState() && status.getTrackingToken() != null) {
                held.put(segment, status.getTrackingToken());
            }
        });
        return held;
    }

    /** A token's position in the event store; 0 for none. */
    public static long position(TrackingToken token) {
        return token == null ? 0 : token.position().orElse(0);
    }
}
