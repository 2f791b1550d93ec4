package io.ledger.messages.audit;

/** Check the books and the read model against the event store. */
public record IntegrityQuery() {
}
