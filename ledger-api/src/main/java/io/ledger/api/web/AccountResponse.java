package io.ledger.api.web;

import io.ledger.messages.account.AccountStatus;
import io.ledger.messages.account.AccountType;
import io.ledger.messages.account.AccountView;

import java.time.Instant;

/** An account as the API shows it; amounts are decimal strings at the currency's scale. */
public record AccountResponse(String accountId, String ownerId, String currency, AccountType type,
                              AccountStatus status, String overdraftLimit, Balances balances, long version,
                              long position, Instant openedAt, Instant updatedAt) {

    public record Balances(String posted, String pendingDebits, String pendingCredits, String available) {
    }

    static AccountResponse of(AccountView view) {
        return new AccountResponse(view.accountId(), view.ownerId(), view.currency(), view.type(), view.status(),
                view.overdraftLimit().toDecimalString(),
                new Balances(view.posted().toDecimalString(), view.pendingDebits().toDecimalString(),
                        view.pendingCredits().toDecimalString(), view.available().toDecimalString()),
                view.version(), view.position(), view.openedAt(), view.updatedAt());
    }
}
