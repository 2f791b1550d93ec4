package io.ledger.messages.payment;

import io.ledger.messages.common.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Captures an AUTHORIZED payment: amount (null for all of it) is posted, the rest of the hold released.
 * The same idempotency key answers the capture it made again.
 */
public record CapturePaymentCommand(@TargetAggregateIdentifier String paymentId, Money amount, String requestedBy,
                                    String idempotencyKey) {
}
