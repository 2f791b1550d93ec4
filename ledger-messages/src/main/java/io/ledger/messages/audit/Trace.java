package io.ledger.messages.audit;

import java.time.Instant;
import java.util.List;

/** A request's lineage: who asked, the commands and events in order, what they touched. */
public record Trace(String correlationId, String principal, String scopes, Instant requestedAt, List<TracedCommand> commands, List<TracedEvent> events, List<String> accounts, List<String> payments) {
}
