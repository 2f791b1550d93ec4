package io.ledger.messages.risk;

import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;

import io.ledger.messages.account.AccountLimits;
import io.ledger.messages.account.AccountType;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules in force from one version on, and the limits every account of a type and currency has besides its
 * own (issue 21: limits per account type, keyed {@code WALLET:USD}). Versions only grow and a published version never changes, so a payment
 * stamped with a version when it arrived is judged by exactly those rules, whenever its decision is taken.
 * Version 0 is the empty set in force before any was published.
 */
public record RiskRuleSet(int version, List<RiskRule> rules, Map<String, AccountLimits> typeLimits) {

    public static final int MAX_RULES = 50;
    public static final RiskRuleSet NONE = new RiskRuleSet(0, List.of(), Map.of());

    public RiskRuleSet {
        rules = rules == null ? List.of() : List.copyOf(rules);
        typeLimits = typeLimits == null ? Map.of() : Map.copyOf(typeLimits);
    }

    /** Rules without limits per account type. */
    public RiskRuleSet(int version, List<RiskRule> rules) {
        this(version, rules, Map.of());
    }

    /** The key of the limits for every account of a type in a currency: {@code WALLET:USD}. */
    public static String typeKey(AccountType type, String currency) {
        return type.name() + ':' + currency;
    }

    /** The limits every account of this type and currency has, besides its own (none when there are none). */
    public AccountLimits limitsFor(AccountType type, String currency) {
        return typeLimits.getOrDefault(typeKey(type, currency), AccountLimits.NONE);
    }

    /** Refuses a set with an invalid rule, a name used twice, or more than {@value #MAX_RULES} rules. */
    public static void requireValid(List<RiskRule> rules) {
        if (rules == null) {
            throw new LedgerException(ErrorCode.VALIDATION_FAILED, "rules is required (an empty list removes every rule)");
        }
        if (rules.size() > MAX_RULES) {
            throw new LedgerException(ErrorCode.VALIDATION_FAILED, "a rule set holds at most " + MAX_RULES + " rules");
        }
        Set<String> names = new HashSet<>();
        for (RiskRule rule : rules) {
            if (rule == null) {
                throw new LedgerException(ErrorCode.VALIDATION_FAILED, "a rule set cannot hold an empty rule");
            }
            rule.requireValid();
            if (!names.add(rule.name())) {
                throw new LedgerException(ErrorCode.VALIDATION_FAILED, "rule " + rule.name() + " is named twice");
            }
        }
    }
}
