package io.ledger.messages.common;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An exact amount of one currency, held as integer minor units (cents for USD, yen for JPY).
 * Floating point never touches money: amounts arrive as decimal strings and are parsed against the
 * currency's own scale, so "1.005" USD is refused rather than rounded.
 */
public record Money(long minorUnits, String currency) {

    /** Eighteen integer digits would overflow a long once scaled; fifteen leaves room for sums. */
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("\\d{1,15}(\\.\\d{1,8})?");
    private static final Pattern CURRENCY_CODE = Pattern.compile("[A-Z]{3}");

    public Money {
        Objects.requireNonNull(currency, "currency");
        scaleOf(currency);
    }

    public static Money ofMinor(long minorUnits, String currency) {
        return new Money(minorUnits, currency);
    }

    public static Money zero(String currency) {
        return new Money(0, currency);
    }

    /**
     * Parses a plain, positive decimal string ("150.00") in the given currency.
     *
     * @throws LedgerException UNKNOWN_CURRENCY or INVALID_AMOUNT with a message a client can act on
     */
    public static Money parsePositive(String amount, String currency) {
        int scale = scaleOf(currency);
        if (amount == null || !PLAIN_DECIMAL.matcher(amount).matches()) {
            throw new LedgerException(ErrorCode.INVALID_AMOUNT,
                    "amount must be a plain decimal string such as \"150.00\"");
        }
        BigDecimal value = new BigDecimal(amount);
        if (value.stripTrailingZeros().scale() > scale) {
            throw new LedgerException(ErrorCode.INVALID_AMOUNT,
                    "amount has more decimals than " + currency + " allows (" + scale + ")");
        }
        if (value.signum() <= 0) {
            throw new LedgerException(ErrorCode.INVALID_AMOUNT, "amount must be greater than zero");
        }
        return new Money(value.movePointRight(scale).longValueExact(), currency);
    }

    /** Parses a non-negative decimal string, for limits where zero is meaningful. */
    public static Money parseNonNegative(String amount, String currency) {
        if (amount != null && PLAIN_DECIMAL.matcher(amount).matches() && new BigDecimal(amount).signum() == 0) {
            scaleOf(currency);
            return zero(currency);
        }
        return parsePositive(amount, currency);
    }

    /** The number of decimals the currency uses; refuses codes that are not ISO 4217 money. */
    public static int scaleOf(String currency) {
        // Every Money built checks its currency (events are read back by every processor), so the
        // pattern is compiled once rather than by String.matches on each call.
        if (currency == null || !CURRENCY_CODE.matcher(currency).matches()) {
            throw new LedgerException(ErrorCode.UNKNOWN_CURRENCY, "currency must be an ISO 4217 code such as USD");
        }
        try {
            int digits = Currency.getInstance(currency).getDefaultFractionDigits();
            if (digits < 0) {
                // XAU, XDR, XXX...: ISO codes without a minor unit are not money we can post.
                throw new LedgerException(ErrorCode.UNKNOWN_CURRENCY, currency + " has no minor unit");
            }
            return digits;
        } catch (IllegalArgumentException e) {
            throw new LedgerException(ErrorCode.UNKNOWN_CURRENCY, currency + " is not an ISO 4217 currency");
        }
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.addExact(minorUnits, other.minorUnits), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.subtractExact(minorUnits, other.minorUnits), currency);
    }

    public boolean isPositive() {
        return minorUnits > 0;
    }

    /** The amount as a plain decimal string at the currency's scale: "150.00", "-3.50", "12". */
    public String toDecimalString() {
        return BigDecimal.valueOf(minorUnits, scaleOf(currency)).toPlainString();
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new LedgerException(ErrorCode.CURRENCY_MISMATCH, currency + " vs " + other.currency);
        }
    }

    @Override
    public String toString() {
        return toDecimalString() + " " + currency;
    }
}
