package io.ledger.api.risk;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledger.command.risk.RiskRules;
import io.ledger.messages.account.AccountLimits;
import io.ledger.messages.account.AccountType;
import io.ledger.messages.common.MetaDataKeys;
import io.ledger.messages.risk.MatchedRule;
import io.ledger.messages.risk.RiskDecision;
import io.ledger.messages.risk.RiskRule;
import io.ledger.messages.risk.RiskRuleSet;
import io.ledger.messages.risk.RiskRulesPublishedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericEventMessage;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The published versions of the risk rules (ADR 0026), kept in {@code risk_rule_set} and, once read, in memory: a
 * version never changes, so it is read from the database once per instance. A payment is stamped with the newest
 * version when it arrives ({@link #current}); another instance's publication is seen within
 * {@value #CURRENT_FOR_MILLIS} ms.
 */
@Component
public class RiskRuleSets implements RiskRules {

    private static final long CURRENT_FOR_MILLIS = 1_000;
    private static final TypeReference<List<RiskRule>> RULES = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, AccountLimits>> TYPE_LIMITS = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final EventBus events;
    private final ObjectMapper json;
    private final Duration reviewWithin;
    private final MeterRegistry meters;
    private final Map<Integer, RiskRuleSet> versions = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private volatile Current current = new Current(-1, 0);

    public RiskRuleSets(JdbcTemplate jdbc, PlatformTransactionManager transactions, EventBus events,
                        @Qualifier("defaultAxonObjectMapper") ObjectMapper json,
                        io.ledger.api.config.FlowSettings.Risk settings, MeterRegistry meters) {
        Duration reviewWithin = settings.reviewWithin();
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.events = events;
        this.json = json;
        this.reviewWithin = reviewWithin;
        this.meters = meters;
        versions.put(0, RiskRuleSet.NONE);
    }

    private record Current(int version, long readAt) {
    }

    /** The version a payment arriving now is judged by: the newest published, 0 when none was. */
    public int current() {
        Current known = current;
        long now = System.currentTimeMillis();
        if (known.version() < 0 || now - known.readAt() > CURRENT_FOR_MILLIS) {
            Integer newest = jdbc.queryForObject("select coalesce(max(version), 0) from risk_rule_set", Integer.class);
            known = new Current(newest, now);
            current = known;
        }
        return known.version();
    }

    /** The rules and type limits a payment arriving now is held to. */
    public RiskRuleSet inForce() {
        return version(current());
    }

    /** Publishes these rules as the next version, keeping the limits per account type. */
    public RiskRuleSet publish(List<RiskRule> rules, Map<String, ?> lineage) {
        RiskRuleSet.requireValid(rules);
        return publish(current -> new RiskRuleSet(current.version() + 1, rules, current.typeLimits()), lineage);
    }

    /**
     * Publishes the next version with the limits of every account of a type and currency replaced (none: removed),
     * keeping the rules.
     */
    public RiskRuleSet publishTypeLimits(AccountType type, String currency, AccountLimits limits, Map<String, ?> lineage) {
        limits.requireValidFor(currency);
        return publish(current -> {
            Map<String, AccountLimits> next = new TreeMap<>(current.typeLimits());
            if (limits.none()) {
                next.remove(RiskRuleSet.typeKey(type, currency));
            } else {
                next.put(RiskRuleSet.typeKey(type, currency), limits);
            }
            return new RiskRuleSet(current.version() + 1, current.rules(), next);
        }, lineage);
    }

    /**
     * Publishes the next version, made from the newest: stored and recorded in the audit chain
     * (RiskRulesPublishedEvent) in one transaction. Two publications at once take turns (the table is locked), so
     * neither loses the other's change.
     */
    private RiskRuleSet publish(java.util.function.UnaryOperator<RiskRuleSet> change, Map<String, ?> lineage) {
        RiskRuleSet published = transaction.execute(status -> {
            jdbc.execute("lock table risk_rule_set in share row exclusive mode");
            int newest = jdbc.queryForObject("select coalesce(max(version), 0) from risk_rule_set", Integer.class);
            RiskRuleSet set = change.apply(version(newest));
            int version = set.version();
            jdbc.update("insert into risk_rule_set (version, rules, type_limits) values (?, ?, ?)", version,
                    write(set.rules()), write(set.typeLimits()));
            events.publish(GenericEventMessage.asEventMessage(new RiskRulesPublishedEvent(set,
                    (String) lineage.get(MetaDataKeys.PRINCIPAL))).andMetaData(lineage));
            return set;
        });
        versions.put(published.version(), published);
        current = new Current(published.version(), System.currentTimeMillis());
        return published;
    }

    /** A published version; throws when there is none of that number (the settlement then fails closed). */
    @Override
    public RiskRuleSet version(int version) {
        RiskRuleSet set = find(version);
        if (set == null) {
            throw new IllegalStateException("risk rules version " + version + " is not published");
        }
        return set;
    }

    /** A published version, read from the database once; null when there is none of that number. */
    public RiskRuleSet find(int version) {
        RiskRuleSet known = versions.get(version);
        if (known != null) {
            return known;
        }
        List<RiskRuleSet> stored = jdbc.query("select rules, type_limits from risk_rule_set where version = ?",
                (rs, n) -> new RiskRuleSet(version, read(rs.getString("rules"), RULES),
                        read(rs.getString("type_limits"), TYPE_LIMITS)), version);
        if (stored.isEmpty()) {
            return null;
        }
        versions.put(version, stored.get(0));
        return stored.get(0);
    }

    @Override
    public Duration reviewWithin() {
        return reviewWithin;
    }

    /** Counts decisions by outcome, and the rules that matched by name and outcome: {@code ledger_risk_decisions_total}. */
    @Override
    public void decided(RiskDecision decision) {
        decisions(decision.outcome().name(), "").increment();
        for (MatchedRule rule : decision.matched()) {
            decisions(rule.outcome().name(), rule.name()).increment();
        }
    }

    /** Registered once per outcome and rule: this runs for every payment judged. */
    private Counter decisions(String outcome, String rule) {
        return counters.computeIfAbsent(outcome + '/' + rule, key -> Counter.builder("ledger.risk.decisions")
                .description("Risk decisions by outcome (rule empty), and the rules that matched by rule and outcome")
                .tag("outcome", outcome).tag("rule", rule).register(meters));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException("could not write risk rules", e);
        }
    }

    private <T> T read(String stored, TypeReference<T> type) {
        try {
            return json.readValue(stored, type);
        } catch (Exception e) {
            throw new IllegalStateException("could not read stored risk rules", e);
        }
    }
}
