package io.ledger.messages.risk;

/** The back office published a new version of the rule set; payments that arrive from now on are judged by it. */
public record RiskRulesPublishedEvent(RiskRuleSet ruleSet, @io.ledger.messages.privacy.PersonalData String publishedBy) {
}
