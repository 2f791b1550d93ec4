package io.ledger.messages.account;

import io.ledger.messages.audit.AuditedAs;
/** Final: the account takes nothing more. */
public record AccountClosedEvent(String accountId)
        implements AuditedAs.OfAccount {
}
