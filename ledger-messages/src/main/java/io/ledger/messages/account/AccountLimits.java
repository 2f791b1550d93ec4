package io.ledger.messages.account;

import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;
import io.ledger.messages.common.Money;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What an account may pay out (issue 21): at most {@code perPayment} in one payment, and within each rolling window
 * at most its amount and count. Counted by the account itself in the same decision that debits or holds, so
 * concurrent payments never exceed them together. No limits: {@link #NONE}.
 */
public record AccountLimits(Money perPayment, List<WindowLimit> windows) {

    public static final AccountLimits NONE = new AccountLimits(null, List.of());

    public AccountLimits {
        windows = windows == null ? List.of() : List.copyOf(windows);
    }

    public boolean none() {
        return perPayment == null && windows.isEmpty();
    }

    /** Refuses limits that cannot be meant: another currency, a negative amount, a window named twice. */
    public void requireValidFor(String currency) {
        if (perPayment != null) {
            requireAmount(perPayment, currency, "perPayment");
        }
        Set<LimitWindow> seen = EnumSet.noneOf(LimitWindow.class);
        for (WindowLimit limit : windows) {
            if (limit == null || limit.window() == null) {
                throw invalid("every window limit names its window (DAY, WEEK, MONTH)");
            }
            if (!seen.add(limit.window())) {
                throw invalid("the " + limit.window() + " window is limited twice");
            }
            if (limit.amount() == null && limit.count() == null) {
                throw invalid("the " + limit.window() + " limit sets neither an amount nor a count");
            }
            if (limit.amount() != null) {
                requireAmount(limit.amount(), currency, limit.window() + " amount");
            }
            if (limit.count() != null && limit.count() < 0) {
                throw invalid("the " + limit.window() + " count must not be negative");
            }
        }
    }

    private static void requireAmount(Money amount, String currency, String field) {
        if (!amount.currency().equals(currency)) {
            throw new LedgerException(ErrorCode.CURRENCY_MISMATCH, field + " is in " + amount.currency()
                    + ", the account in " + currency);
        }
        if (amount.minorUnits() < 0) {
            throw new LedgerException(ErrorCode.INVALID_AMOUNT, field + " must not be negative");
        }
    }

    private static LedgerException invalid(String detail) {
        return new LedgerException(ErrorCode.VALIDATION_FAILED, detail);
    }
}
