-- Risk rule sets (issue 21, ADR 0026): every published version, never changed; a payment is stamped with the
-- version in force when it arrived and judged by exactly those rules. Written with the RiskRulesPublishedEvent that
-- records the publication in the audit chain, in one transaction.
create table risk_rule_set (
    version      integer primary key,
    rules        text        not null,
    published_at timestamptz not null default now()
);
