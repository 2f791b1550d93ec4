package io.ledger.messages.account;

import io.ledger.messages.common.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Holds amount on the debtor for an authorization, if the account's rules allow a debit of it: answers
 * a PostingOutcome and records DebitReservedEvent or DebitRefusedEvent.
 */
public record HoldDebitCommand(@TargetAggregateIdentifier String accountId, String paymentId, Money amount) {
}
