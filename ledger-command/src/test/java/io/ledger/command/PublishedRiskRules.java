package io.ledger.command;

import io.ledger.command.risk.RiskRules;
import io.ledger.messages.common.Money;
import io.ledger.messages.risk.MatchedRule;
import io.ledger.messages.risk.RiskDecision;
import io.ledger.messages.risk.RiskOutcome;
import io.ledger.messages.risk.RiskRuleKind;
import io.ledger.messages.risk.RiskRule;
import io.ledger.messages.risk.RiskRuleSet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Risk rules kept in memory, versioned as the service's are: each publication is the next version. */
public final class PublishedRiskRules implements RiskRules {

    public static final Duration REVIEW_WITHIN = Duration.ofHours(4);

    private final List<RiskRuleSet> versions = new ArrayList<>(List.of(RiskRuleSet.NONE));

    public synchronized int publish(List<RiskRule> rules) {
        RiskRuleSet.requireValid(rules);
        versions.add(new RiskRuleSet(versions.size(), rules));
        return versions.size() - 1;
    }

    public synchronized int current() {
        return versions.size() - 1;
    }

    @Override
    public synchronized RiskRuleSet version(int version) {
        if (version < 0 || version >= versions.size()) {
            throw new IllegalStateException("risk rules version " + version + " was never published");
        }
        return versions.get(version);
    }

    @Override
    public Duration reviewWithin() {
        return REVIEW_WITHIN;
    }

    /** A rule matching amounts over {@code minor} units of the currency. */
    public static RiskRule amountOver(String name, long minor, String currency, RiskOutcome outcome) {
        return new RiskRule(name, RiskRuleKind.AMOUNT_OVER, outcome, Money.ofMinor(minor, currency), null, null, null,
                null);
    }

    /** What an account answers when version 1's amount rule "big" matched with this outcome. */
    public static RiskDecision bigMatched(RiskOutcome outcome, String amountSeen) {
        return new RiskDecision(1, outcome,
                List.of(new MatchedRule("big", RiskRuleKind.AMOUNT_OVER, outcome, Map.of("amount", amountSeen))));
    }
}
