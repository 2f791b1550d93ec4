package io.ledger.messages.privacy;

import java.time.Instant;

/**
 * A data subject's key was deleted: everything sealed under it reads as erased from here on (ADR 0021).
 * subjectRef is the random reference the sealed values carry, never the subject's id, which is gone with
 * the key. The event's metadata names who erased it, as for every event.
 */
public record DataSubjectErasedEvent(String subjectRef, Instant erasedAt) {
}
