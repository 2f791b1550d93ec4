package io.ledger.messages.account;

import io.ledger.messages.common.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Posts a payment's credit on the creditor account. Sent only after {@link CheckCreditCommand} accepted
 * in the same unit of work; the account still refuses it (an exception) if its rules do not allow it.
 */
public record CreditAccountCommand(@TargetAggregateIdentifier String accountId, String paymentId, Money amount) {
}
