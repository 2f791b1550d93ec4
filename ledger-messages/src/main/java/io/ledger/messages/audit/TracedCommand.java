package io.ledger.messages.audit;

import java.time.Instant;

/** A command a request caused, as recorded when it committed. */
public record TracedCommand(String commandId, String commandType, String causationId, String principal, Instant recordedAt) {
}
