package io.ledger.api.reconcile;

import io.ledger.messages.common.LedgerException;
import io.ledger.messages.common.Money;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/** Amounts as bank files write them: a plain decimal in the currency, made exact minor units or refused. */
final class Amounts {

    private static final Pattern DECIMAL = Pattern.compile("\\d{1,18}(\\.\\d{1,17})?");

    private Amounts() {
    }

    static long minor(String amount, String currency, String where) {
        if (amount == null || !DECIMAL.matcher(amount).matches()) {
            throw StatementRefused.because(where + " is not a decimal amount");
        }
        int scale;
        try {
            scale = Money.scaleOf(currency);
        } catch (LedgerException e) {
            throw StatementRefused.because(where + ": " + e.getMessage());
        }
        BigDecimal value = new BigDecimal(amount);
        if (value.stripTrailingZeros().scale() > scale) {
            throw StatementRefused.because(where + " has more decimals than " + currency + " allows (" + scale + ")");
        }
        try {
            return value.movePointRight(scale).longValueExact();
        } catch (ArithmeticException e) {
            throw StatementRefused.because(where + " is too large");
        }
    }

    /** A credit (CRDT) as it is, a debit (DBIT) negative. */
    static long signed(long minor, String indicator, String where) {
        if ("CRDT".equals(indicator)) {
            return minor;
        }
        if ("DBIT".equals(indicator)) {
            return -minor;
        }
        throw StatementRefused.because(where + " must be CRDT or DBIT");
    }
}
