package io.ledger.messages.account;

import io.ledger.messages.audit.AuditedAs;
/** The account's limits from now on; who set them is in the event's metadata (the audit chain). */
public record AccountLimitsSetEvent(String accountId, AccountLimits limits)
        implements AuditedAs.OfAccount {
}
