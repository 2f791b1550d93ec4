package io.ledger.messages.common;

/** A synchronous refusal with a stable {@link ErrorCode}; the HTTP layer turns it into problem+json. */
public class LedgerException extends RuntimeException {

    private final ErrorCode code;

    public LedgerException(ErrorCode code, String detail) {
        super(detail);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
