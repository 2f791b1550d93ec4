package io.ledger.messages.payment;

/**
 * AUTOMATIC: the payment settles at once (the default). MANUAL: it is authorized — the debtor's funds
 * held, nothing posted — and settles when captured, or ends VOIDED or EXPIRED with the hold released.
 */
public enum CaptureMode {
    AUTOMATIC,
    MANUAL
}
