package io.ledger.api.batch;

import java.util.List;

/** What the atomic batch saga reads of its batch and records on it (PaymentBatches, over the item table). */
public interface AtomicBatchItems {

    /** The payment ids of the batch's items, in order. */
    List<String> paymentIds(String batchId);

    /** How many of the batch's items were cancelled before they were sent. */
    int cancelledItems(String batchId);

    /** Records the saga's decision: SETTLED or FAILED, with the reason when no item failed. */
    void atomicOutcome(String batchId, String outcome, String reason);
}
