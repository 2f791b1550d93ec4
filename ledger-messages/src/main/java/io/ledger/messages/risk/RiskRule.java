package io.ledger.messages.risk;

import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.Ids;
import io.ledger.messages.common.LedgerException;
import io.ledger.messages.common.Money;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One rule of a rule set: a name (unique in its set, shown on the payment it matched), its kind, the outcome when it
 * matches (REVIEW or DENY) and the parameters its kind reads; the others stay null.
 *
 * <ul>
 *   <li>{@code AMOUNT_OVER}, {@code NEW_COUNTERPARTY_OVER}: amount</li>
 *   <li>{@code VELOCITY}: count (1 – {@value #MAX_VELOCITY_COUNT}) and minutes (1 – 1,440)</li>
 *   <li>{@code NEW_ACCOUNT_OUTFLOW}: amount and days (1 – 30)</li>
 *   <li>{@code COUNTERPARTY_LISTED}: counterparties (1 – {@value #MAX_COUNTERPARTIES} account ids)</li>
 *   <li>{@code BENEFICIARY_LISTED}: counterparties (1 – {@value #MAX_COUNTERPARTIES} IBANs, upper case, no spaces)</li>
 * </ul>
 */
public record RiskRule(String name, RiskRuleKind kind, RiskOutcome outcome, Money amount, Integer count,
                       Integer minutes, Integer days, List<String> counterparties) {

    /** How many recent payments an account remembers for VELOCITY rules. */
    public static final int MAX_VELOCITY_COUNT = 100;
    public static final int MAX_COUNTERPARTIES = 1_000;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    /** An IBAN's shape (country, check digits, account); the lane that publishes checks the check digits too. */
    private static final Pattern IBAN = Pattern.compile("[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}");

    public RiskRule {
        counterparties = counterparties == null ? null : List.copyOf(counterparties);
    }

    /** Refuses a rule that cannot be meant, naming the rule and what is wrong with it. */
    public void requireValid() {
        if (name == null || !NAME.matcher(name).matches()) {
            throw invalid("a rule's name is 1 to 64 lower-case letters, digits and dashes; got " + quoted(name));
        }
        if (kind == null) {
            throw invalid("rule " + name + " names no kind (AMOUNT_OVER, VELOCITY, NEW_ACCOUNT_OUTFLOW, NEW_COUNTERPARTY_OVER, "
                    + "COUNTERPARTY_LISTED, BENEFICIARY_LISTED)");
        }
        if (outcome != RiskOutcome.REVIEW && outcome != RiskOutcome.DENY) {
            throw invalid("rule " + name + " must answer REVIEW or DENY when it matches");
        }
        switch (kind) {
            case AMOUNT_OVER, NEW_COUNTERPARTY_OVER -> {
                requireAmount();
                requireNone(count, minutes, days, counterparties);
            }
            case VELOCITY -> {
                requireRange("count", count, 1, MAX_VELOCITY_COUNT);
                requireRange("minutes", minutes, 1, 1_440);
                requireNone(amount, days, counterparties);
            }
            case NEW_ACCOUNT_OUTFLOW -> {
                requireAmount();
                requireRange("days", days, 1, 30);
                requireNone(count, minutes, counterparties);
            }
            case COUNTERPARTY_LISTED -> {
                if (counterparties == null || counterparties.isEmpty() || counterparties.size() > MAX_COUNTERPARTIES) {
                    throw invalid("rule " + name + " lists 1 to " + MAX_COUNTERPARTIES + " counterparty account ids");
                }
                counterparties.forEach(Ids::requireAccountId);
                requireNone(amount, count, minutes, days);
            }
            case BENEFICIARY_LISTED -> {
                if (counterparties == null || counterparties.isEmpty() || counterparties.size() > MAX_COUNTERPARTIES) {
                    throw invalid("rule " + name + " lists 1 to " + MAX_COUNTERPARTIES + " beneficiary IBANs");
                }
                for (int i = 0; i < counterparties.size(); i++) {
                    String iban = counterparties.get(i);
                    if (iban == null || !IBAN.matcher(iban).matches()) {
                        throw invalid("rule " + name + ": counterparties[" + i + "] is not an IBAN");
                    }
                }
                requireNone(amount, count, minutes, days);
            }
        }
    }

    private void requireAmount() {
        if (amount == null || amount.minorUnits() < 0) {
            throw invalid("rule " + name + " (" + kind + ") needs an amount of zero or more");
        }
    }

    private void requireRange(String field, Integer value, int min, int max) {
        if (value == null || value < min || value > max) {
            throw invalid("rule " + name + " (" + kind + ") needs " + field + " from " + min + " to " + max);
        }
    }

    private void requireNone(Object... unused) {
        for (Object value : unused) {
            if (value != null) {
                throw invalid("rule " + name + " (" + kind + ") takes only the parameters its kind reads");
            }
        }
    }

    private static String quoted(String value) {
        return value == null ? "nothing" : '"' + (value.length() > 70 ? value.substring(0, 70) + "…" : value) + '"';
    }

    private static LedgerException invalid(String detail) {
        return new LedgerException(ErrorCode.VALIDATION_FAILED, detail);
    }
}
