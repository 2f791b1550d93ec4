package io.ledger.messages.account;

import io.ledger.messages.audit.AuditedAs;

/**
 * From now on the account's debits and holds are also decided by its owner's limits, ownerKey (ADR 0034): the account
 * asks for the owner's verdict before it decides one.
 */
public record AccountOwnerLimitsAssignedEvent(String accountId, String ownerKey) implements AuditedAs.OfAccount {
}
