package io.ledger.messages.account;

import io.ledger.messages.common.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Records an authorization's pending credit on the creditor (CreditReservedEvent). Sent after
 * CheckCreditCommand accepted under the same lock, so a refusal here is an exception, as for a credit.
 */
public record HoldCreditCommand(@TargetAggregateIdentifier String accountId, String paymentId, Money amount) {
}
