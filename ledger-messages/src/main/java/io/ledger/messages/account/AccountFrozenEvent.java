package io.ledger.messages.account;

import io.ledger.messages.audit.AuditedAs;
/** The account takes no new holds until unfrozen. */
public record AccountFrozenEvent(String accountId, String reason)
        implements AuditedAs.OfAccount {
}
