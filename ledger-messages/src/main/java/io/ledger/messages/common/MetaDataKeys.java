package io.ledger.messages.common;

/** Names of the metadata every command and event carries, so any event traces back to a request. */
public final class MetaDataKeys {
    /** The request's correlation id (X-Correlation-Id), the same on everything one request causes. */
    public static final String CORRELATION_ID = "correlationId";
    /** The id of the message (or request) that directly caused this one. */
    public static final String CAUSATION_ID = "causationId";
    /** The token subject on whose behalf the work is done. */
    public static final String PRINCIPAL = "principal";
    /** The space-separated scopes of that token. */
    public static final String SCOPES = "scopes";

    private MetaDataKeys() {
    }
}
