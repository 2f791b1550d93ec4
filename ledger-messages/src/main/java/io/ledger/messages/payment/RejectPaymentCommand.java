package io.ledger.messages.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import io.ledger.messages.common.RejectionReason;

/** Every hold has been released; the payment failed for reason. */
public record RejectPaymentCommand(@TargetAggregateIdentifier String paymentId, RejectionReason reason) {
}
