package io.ledger.messages.batch;

import io.ledger.messages.privacy.PersonalData;

/**
 * A payment file was read whole and accepted (issue 20, ADR 0023): the root of its items' lineage in the audit
 * chain, as {@link PaymentBatchSubmittedEvent} is for a batch. It names the file by its message id and the SHA-256 of
 * its bytes, so an auditor holding the file can tie it to what the ledger did; itemsDigest commits the chain to the
 * items read from it. refused counts the lines refused at import, which never became payments.
 */
public record PaymentFileImportedEvent(String fileId, String format, String messageId, String contentHash,
                                       long bytes, int itemCount, int refused, String itemsDigest,
                                       @PersonalData String submittedBy) {
}
