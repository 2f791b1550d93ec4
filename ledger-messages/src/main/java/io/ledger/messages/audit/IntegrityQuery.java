package io.ledger.messages.audit;

/**
 * Check the books and the read model against the event store: from the events after the last check (the default), or
 * from every event the store holds ({@code full}).
 */
public record IntegrityQuery(boolean full) {

    public static IntegrityQuery incremental() {
        return new IntegrityQuery(false);
    }
}
