package io.ledger.messages.account;

import java.time.Instant;
import io.ledger.messages.common.Money;

/** An account's balances as of aggregate version and event store position. */
public record AccountView(String accountId, String ownerId, String currency, AccountType type, AccountStatus status, Money overdraftLimit, Money posted, Money pendingDebits, Money pendingCredits, Money available, long version, long position, Instant openedAt, Instant updatedAt) {
}
