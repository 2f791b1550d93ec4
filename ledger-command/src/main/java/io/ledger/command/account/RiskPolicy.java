package io.ledger.command.account;

import io.ledger.messages.common.Money;
import io.ledger.messages.risk.MatchedRule;
import io.ledger.messages.risk.RiskDecision;
import io.ledger.messages.risk.RiskOutcome;
import io.ledger.messages.risk.RiskRule;
import io.ledger.messages.risk.RiskRuleSet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides a payment by a rule set, from facts the debtor account keeps itself (ADR 0026): a pure function, so the
 * decision is the same wherever and whenever it is computed from the same facts, and every rule that matched is
 * reported with what it saw. The outcome is the most severe of the matches; no match allows.
 */
final class RiskPolicy {

    private RiskPolicy() {
    }

    /** What the debtor knows about itself when it decides a payment. */
    record Facts(Money amount, String creditorAccountId, Instant now, Instant openedAt, List<Instant> recentPayments,
                 long paidOutSinceOpened, boolean newCounterparty, String beneficiaryIban) {
    }

    static RiskDecision decide(RiskRuleSet rules, Facts facts) {
        List<MatchedRule> matched = new ArrayList<>();
        RiskOutcome outcome = RiskOutcome.ALLOW;
        for (RiskRule rule : rules.rules()) {
            Map<String, String> inputs = matches(rule, facts);
            if (inputs != null) {
                matched.add(new MatchedRule(rule.name(), rule.kind(), rule.outcome(), inputs));
                if (rule.outcome().compareTo(outcome) > 0) {
                    outcome = rule.outcome();
                }
            }
        }
        return new RiskDecision(rules.version(), outcome, matched);
    }

    /** The facts the rule saw when it matches; null when it does not. */
    private static Map<String, String> matches(RiskRule rule, Facts facts) {
        Money amount = facts.amount();
        return switch (rule.kind()) {
            case AMOUNT_OVER -> sameCurrency(rule, amount) && amount.minorUnits() > rule.amount().minorUnits()
                    ? inputs("amount", amount.toString()) : null;
            case VELOCITY -> {
                Instant from = facts.now().minus(Duration.ofMinutes(rule.minutes()));
                long within = facts.recentPayments().stream().filter(at -> at.isAfter(from)).count() + 1;
                yield within > rule.count() ? inputs("paymentsInWindow", Long.toString(within)) : null;
            }
            case NEW_ACCOUNT_OUTFLOW -> {
                if (facts.openedAt() == null || !sameCurrency(rule, amount)) {
                    yield null;
                }
                Duration age = Duration.between(facts.openedAt(), facts.now());
                long outflow = Math.addExact(facts.paidOutSinceOpened(), amount.minorUnits());
                yield age.compareTo(Duration.ofDays(rule.days())) < 0 && outflow > rule.amount().minorUnits()
                        ? inputs("accountAgeHours", Long.toString(age.toHours()),
                        "outflowSinceOpened", Money.ofMinor(outflow, amount.currency()).toString())
                        : null;
            }
            case NEW_COUNTERPARTY_OVER -> facts.newCounterparty() && sameCurrency(rule, amount)
                    && amount.minorUnits() > rule.amount().minorUnits()
                    ? inputs("creditorAccountId", facts.creditorAccountId(), "amount", amount.toString()) : null;
            case COUNTERPARTY_LISTED -> facts.creditorAccountId() != null
                    && rule.counterparties().contains(facts.creditorAccountId())
                    ? inputs("creditorAccountId", facts.creditorAccountId()) : null;
            // The decision is kept forever: the IBAN it saw is recorded masked (the rule lists it in full).
            case BENEFICIARY_LISTED -> facts.beneficiaryIban() != null
                    && rule.counterparties().contains(facts.beneficiaryIban())
                    ? inputs("beneficiaryIban", masked(facts.beneficiaryIban())) : null;
        };
    }

    /** The country, the check digits and the last four characters: enough to find the rule's entry, no more. */
    static String masked(String iban) {
        return iban.length() <= 8 ? "****" : iban.substring(0, 4) + "…" + iban.substring(iban.length() - 4);
    }

    private static boolean sameCurrency(RiskRule rule, Money amount) {
        return rule.amount().currency().equals(amount.currency());
    }

    private static Map<String, String> inputs(String... pairs) {
        Map<String, String> inputs = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            inputs.put(pairs[i], pairs[i + 1]);
        }
        return inputs;
    }
}
