package io.ledger.api.file;

import java.io.InputStream;

/**
 * A payment file read as a stream, one transaction at a time: whatever its size, what is held is the transaction
 * being read and the running totals. Every method may throw {@link FileRefused}.
 */
public interface PaymentFileReader {

    /** The file's own message id (pain.001's {@code GrpHdr/MsgId}), or null where the format carries none (CSV). */
    String messageId();

    /** The next transaction, or null after the last. */
    FileTransaction next();

    /** After the last transaction: checks the header's totals against what was read, and the file's end. */
    void finish();

    enum Format {
        CSV, PAIN_001;

        public PaymentFileReader open(InputStream in) {
            return this == CSV ? new CsvPaymentFile(in) : new Pain001File(in);
        }
    }
}
