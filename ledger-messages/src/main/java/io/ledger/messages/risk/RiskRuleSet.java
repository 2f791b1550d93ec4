package io.ledger.messages.risk;

import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules in force from one version on. Versions only grow and a published version never changes, so a payment
 * stamped with a version when it arrived is judged by exactly those rules, whenever its decision is taken.
 * Version 0 is the empty set in force before any was published.
 */
public record RiskRuleSet(int version, List<RiskRule> rules) {

    public static final int MAX_RULES = 50;
    public static final RiskRuleSet NONE = new RiskRuleSet(0, List.of());

    public RiskRuleSet {
        rules = rules == null ? List.of() : List.copyOf(rules);
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
