package io.ledger.messages.risk;

import java.util.List;

/** What the rules of one version decided about one payment: the most severe outcome among the rules that matched. */
public record RiskDecision(int ruleSetVersion, RiskOutcome outcome, List<MatchedRule> matched) {

    public RiskDecision {
        matched = matched == null ? List.of() : List.copyOf(matched);
    }

    public static RiskDecision allow(int ruleSetVersion) {
        return new RiskDecision(ruleSetVersion, RiskOutcome.ALLOW, List.of());
    }

    /** The names of the rules that matched, comma-separated, as a payment shows them. */
    public String ruleNames() {
        return String.join(",", matched.stream().map(MatchedRule::name).toList());
    }
}
