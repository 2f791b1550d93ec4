package io.ledger.messages.batch;

import io.ledger.messages.audit.AuditedAs;
/**
 * An item of an atomic batch was refused when it was sent (its payment was never made: a reference already taken,
 * a key reused): the batch cannot settle whole, so its saga voids what it holds. Items refused at submission fail
 * the batch before anything is sent and need no event of their own.
 */
public record PaymentBatchItemRefusedEvent(String batchId, int itemNo, String paymentId, String code)
        implements AuditedAs.OfPayment {
}
