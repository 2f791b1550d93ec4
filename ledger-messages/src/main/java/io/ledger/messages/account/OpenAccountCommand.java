package io.ledger.messages.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import io.ledger.messages.common.Money;

/**
 * Opens an account; the currency is that of the overdraft limit (zero by default). ownerLimitsKey: the limits its
 * owner has in that currency when it opens (ADR 0034), which decide its debits too; null when none.
 */
public record OpenAccountCommand(@TargetAggregateIdentifier String accountId, String ownerId, AccountType type,
                                 Money overdraftLimit, String ownerLimitsKey) {

    /** An account whose owner has no limits in its currency. */
    public OpenAccountCommand(String accountId, String ownerId, AccountType type, Money overdraftLimit) {
        this(accountId, ownerId, type, overdraftLimit, null);
    }
}
