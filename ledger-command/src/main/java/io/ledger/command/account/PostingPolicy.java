package io.ledger.command.account;

import io.ledger.messages.account.AccountStatus;
import io.ledger.messages.account.AccountType;
import io.ledger.messages.account.Direction;
import io.ledger.messages.common.Money;
import io.ledger.messages.common.RejectionReason;

import java.util.List;
import java.util.Optional;

/**
 * The rules a posting must pass, as a named, ordered list. The order is the precedence of the
 * rejection reasons (see docs/reference/accounts.md): the first rule that refuses names the reason.
 */
enum PostingPolicy {

    ACCOUNT_MUST_NOT_BE_CLOSED(RejectionReason.ACCOUNT_CLOSED) {
        @Override
        boolean allows(AccountState account, Direction direction, Money amount) {
            return account.status() != AccountStatus.CLOSED;
        }
    },
    ACCOUNT_MUST_NOT_BE_FROZEN(RejectionReason.ACCOUNT_FROZEN) {
        @Override
        boolean allows(AccountState account, Direction direction, Money amount) {
            return account.status() != AccountStatus.FROZEN;
        }
    },
    CURRENCY_MUST_MATCH(RejectionReason.CURRENCY_MISMATCH) {
        @Override
        boolean allows(AccountState account, Direction direction, Money amount) {
            return account.currency().equals(amount.currency());
        }
    },
    DEBIT_MUST_BE_WITHIN_LIMITS(RejectionReason.LIMIT_EXCEEDED) {
        @Override
        boolean allows(AccountState account, Direction direction, Money amount) {
            if (direction == Direction.CREDIT) {
                return true;
            }
            // The account's own limits, those of its type and its owner's (decided by the owner, ADR 0034): each
            // must allow it.
            return account.ownerWithin() && account.outgoing().allow(account.limits(), amount)
                    && account.outgoing().allow(account.typeLimits(), amount);
        }
    },
    DEBIT_MUST_BE_COVERED(RejectionReason.INSUFFICIENT_FUNDS) {
        @Override
        boolean allows(AccountState account, Direction direction, Money amount) {
            // SYSTEM and CLEARING accounts are the bank's own positions: money enters and leaves the ledger through them.
            return direction == Direction.CREDIT
                    || account.type().isBankPosition()
                    || account.available() >= amount.minorUnits();
        }
    };

    private static final List<PostingPolicy> IN_ORDER = List.of(values());

    private final RejectionReason reason;

    PostingPolicy(RejectionReason reason) {
        this.reason = reason;
    }

    abstract boolean allows(AccountState account, Direction direction, Money amount);

    static Optional<RejectionReason> firstRefusal(AccountState account, Direction direction, Money amount) {
        return IN_ORDER.stream()
                .filter(policy -> !policy.allows(account, direction, amount))
                .map(policy -> policy.reason)
                .findFirst();
    }
}
