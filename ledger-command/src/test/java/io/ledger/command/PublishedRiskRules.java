package io.ledger.command;

import io.ledger.command.risk.RiskRules;
import io.ledger.messages.risk.RiskRule;
import io.ledger.messages.risk.RiskRuleSet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
}
