package io.ledger.messages.account;

import io.ledger.messages.common.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Asks the creditor account whether it would accept a credit of amount for a payment. An acceptance
 * records nothing and holds for as long as the asking unit of work holds the account; a refusal is
 * recorded as {@link CreditRefusedEvent} (ADR 0013).
 */
public record CheckCreditCommand(@TargetAggregateIdentifier String accountId, String paymentId, Money amount) {
}
