package io.ledger.command.risk;

import io.ledger.messages.risk.RiskDecision;
import io.ledger.messages.risk.RiskRuleSet;

import java.time.Duration;

/**
 * Where the settlement finds the risk rules a payment is judged by (ADR 0026): the published version it arrived
 * under, never a later one. Fails closed: a version that cannot be read throws, the settlement's step fails and is
 * retried, and the payment does not settle meanwhile (its settlement deadline ends it EXPIRED if that lasts).
 */
public interface RiskRules {

    /** The rules of a published version; version 0 is {@link RiskRuleSet#NONE}. */
    RiskRuleSet version(int version);

    /** How long a payment waits IN_REVIEW before its deadline declines it. */
    Duration reviewWithin();

    /** Told of each decision the rules took (metrics); the decision itself is recorded by the account. */
    default void decided(RiskDecision decision) {
    }

    /** No rules were ever published: every payment is allowed. */
    RiskRules NONE = new RiskRules() {
        @Override
        public RiskRuleSet version(int version) {
            if (version != 0) {
                throw new IllegalStateException("no risk rules are published, so there is no version " + version);
            }
            return RiskRuleSet.NONE;
        }

        @Override
        public Duration reviewWithin() {
            return Duration.ofDays(1);
        }
    };
}
