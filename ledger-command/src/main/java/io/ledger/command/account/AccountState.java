package io.ledger.command.account;

import io.ledger.messages.account.AccountLimits;
import io.ledger.messages.account.AccountStatus;
import io.ledger.messages.account.AccountType;

/**
 * The part of an account the posting policies read: a value, so the policies stay pure. ownerWithin: what the
 * debtor's owner said of the debit being decided (true when the owner has no limits, and for anything else).
 */
record AccountState(AccountStatus status, AccountType type, String currency,
                    long posted, long pendingDebits, long overdraftLimit,
                    AccountLimits limits, AccountLimits typeLimits, OutgoingUsage.Used outgoing, boolean ownerWithin) {

    /** available = posted - pendingDebits + overdraftLimit. Pending credits are not spendable. */
    long available() {
        return Math.addExact(Math.subtractExact(posted, pendingDebits), overdraftLimit);
    }
}
