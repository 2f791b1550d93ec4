package io.ledger.api.file;

/**
 * A payment file refused whole: it is not well-formed, not the format it claims, carries a DTD, or its header's
 * totals disagree with its transactions. Nothing of it is applied.
 */
public class FileRefused extends RuntimeException {

    public FileRefused(String reason) {
        super(reason);
    }

    public FileRefused(String reason, Throwable cause) {
        super(reason, cause);
    }
}
