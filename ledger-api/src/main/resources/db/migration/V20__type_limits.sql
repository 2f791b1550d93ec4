-- Limits per account type and currency (issue 21) are part of a risk policy version (ADR 0026): a payment is judged by
-- the rules and the type limits of the version in force when it arrived. JSON of {"WALLET:USD": limits, ...}.
alter table risk_rule_set add column type_limits text not null default '{}';
