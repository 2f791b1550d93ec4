package io.ledger.api.web;

import io.ledger.api.risk.RiskRuleSets;
import io.ledger.api.security.Caller;
import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;
import io.ledger.messages.common.Money;
import io.ledger.messages.risk.RiskOutcome;
import io.ledger.messages.risk.RiskRule;
import io.ledger.messages.risk.RiskRuleKind;
import io.ledger.messages.risk.RiskRuleSet;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;

/**
 * The risk rules (issue 21, ADR 0026): the back office publishes a whole new version, and reads any version. A
 * payment is judged by the version in force when it arrived; publishing never re-judges a payment.
 */
@RestController
@RequestMapping(path = "/v1/risk/rules", produces = "application/json")
class RiskController {

    private final RiskRuleSets rules;
    private final LedgerGateway ledger;

    RiskController(RiskRuleSets rules, LedgerGateway ledger) {
        this.rules = rules;
        this.ledger = ledger;
    }

    /** A rule as the API takes and shows it; amounts are decimal strings in the rule's currency. */
    record RuleBody(String name, String kind, String outcome, String amount, String currency, Integer count,
                    Integer minutes, Integer days, List<String> counterparties) {

        static RuleBody of(RiskRule rule) {
            return new RuleBody(rule.name(), rule.kind().name(), rule.outcome().name(),
                    rule.amount() == null ? null : rule.amount().toDecimalString(),
                    rule.amount() == null ? null : rule.amount().currency(), rule.count(), rule.minutes(), rule.days(),
                    rule.counterparties());
        }

        RiskRule toRule() {
            if (amount == null && currency != null) {
                throw InputRules.invalid("rule " + name + " names a currency but no amount");
            }
            Money money = amount == null ? null : Money.parseNonNegative(amount, InputRules.required(currency, "currency"));
            RiskRuleKind ruleKind = InputRules.oneOf(RiskRuleKind.values(), kind, "kind");
            return new RiskRule(name, ruleKind, InputRules.oneOf(RiskOutcome.values(), outcome, "outcome"), money, count,
                    minutes, days, ruleKind == RiskRuleKind.BENEFICIARY_LISTED ? ibans(counterparties) : counterparties);
        }

        /** A deny list of IBANs as payout requests take them (spaces and case aside), each with valid check digits. */
        private List<String> ibans(List<String> listed) {
            if (listed == null) {
                return null;
            }
            List<String> ibans = new java.util.ArrayList<>();
            for (String each : listed) {
                String iban = each == null ? null : each.replace(" ", "").toUpperCase(java.util.Locale.ROOT);
                try {
                    org.iban4j.IbanUtil.validate(iban);
                } catch (org.iban4j.Iban4jException | IllegalArgumentException e) {
                    // Named by its place, not echoed: a listed IBAN may be a person's.
                    throw InputRules.invalid("rule " + name + ": counterparties[" + ibans.size()
                            + "] is not a valid IBAN");
                }
                ibans.add(iban);
            }
            return ibans;
        }
    }

    record RulesRequest(List<RuleBody> rules) {
    }

    record RulesResponse(int version, List<RuleBody> rules) {
        static RulesResponse of(RiskRuleSet set) {
            return new RulesResponse(set.version(), set.rules().stream().map(RuleBody::of).toList());
        }
    }

    /** The rules a payment arriving now is judged by (version 0, no rules, before any was published). */
    @GetMapping
    RulesResponse current() {
        return RulesResponse.of(rules.inForce());
    }

    @GetMapping("/{version}")
    RulesResponse version(@PathVariable String version) {
        RiskRuleSet set = version.matches("\\d{1,9}") ? rules.find(Integer.parseInt(version)) : null;
        if (set == null) {
            throw new LedgerException(ErrorCode.RISK_RULES_NOT_FOUND, "no risk rules version " + version);
        }
        return RulesResponse.of(set);
    }

    /** Publishes the rules as the next version; an empty list publishes a version without rules. */
    @PutMapping(consumes = "application/json")
    RulesResponse publish(Caller caller, @RequestBody RulesRequest body) {
        if (body == null || body.rules() == null) {
            throw InputRules.invalid("rules is required (an empty list publishes a version without rules)");
        }
        List<RiskRule> parsed = new ArrayList<>();
        for (RuleBody rule : body.rules()) {
            if (rule == null) {
                throw InputRules.invalid("a rule must not be null");
            }
            parsed.add(rule.toRule());
        }
        return RulesResponse.of(rules.publish(parsed, ledger.lineage(caller)));
    }
}
