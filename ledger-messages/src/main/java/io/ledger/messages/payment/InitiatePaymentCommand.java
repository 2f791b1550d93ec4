package io.ledger.messages.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import io.ledger.messages.common.Money;

/** Starts a payment. The id is derived from caller and idempotency key, so a replay lands on the same aggregate. */
public record InitiatePaymentCommand(@TargetAggregateIdentifier String paymentId, String debtorAccountId, String creditorAccountId, Money amount, String remittanceInfo, String idempotencyKey, String requestFingerprint, String initiatedBy) {
}
