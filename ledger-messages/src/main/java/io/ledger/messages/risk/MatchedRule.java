package io.ledger.messages.risk;

import java.util.Map;

/**
 * A rule that matched a payment, with the facts it saw (for example {@code amount}, {@code paymentsInWindow},
 * {@code accountAgeHours}, {@code outflowSinceOpened}), so that the decision can be checked again from the record.
 */
public record MatchedRule(String name, RiskRuleKind kind, RiskOutcome outcome, Map<String, String> inputs) {

    public MatchedRule {
        inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
    }
}
