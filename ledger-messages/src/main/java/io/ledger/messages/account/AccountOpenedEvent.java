package io.ledger.messages.account;

import io.ledger.messages.audit.AuditedAs;
import io.ledger.messages.common.Money;
import io.ledger.messages.privacy.PersonalData;

/** An account exists from here on, ACTIVE, with zero balances. The owner id is personal data (ADR 0021). */
public record AccountOpenedEvent(String accountId, @PersonalData String ownerId, String currency, AccountType type, Money overdraftLimit)
        implements AuditedAs.OfAccount {
}
