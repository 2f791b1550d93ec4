package io.ledger.messages.batch;

import io.ledger.messages.privacy.PersonalData;

/**
 * A batch of payment requests was accepted (issue 20): the root of its items' lineage in the audit chain. The items
 * are not in the event: each becomes its own payment, with its own events; itemsDigest (SHA-256 over the items'
 * keys and request fingerprints, in order) commits the chain to what was submitted. refused counts the items
 * refused at submission, which never became payments.
 */
public record PaymentBatchSubmittedEvent(String batchId, boolean atomic, int itemCount, int refused,
                                         String itemsDigest, @PersonalData String submittedBy) {
}
