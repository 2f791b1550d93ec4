package io.ledger.messages.account;

import io.ledger.messages.audit.AuditedAs;
/** The account takes holds again. */
public record AccountUnfrozenEvent(String accountId)
        implements AuditedAs.OfAccount {
}
