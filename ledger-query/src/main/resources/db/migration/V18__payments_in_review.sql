-- Payments judged by risk rules (ADR 0026): the version and the rules that matched (REVIEW or DENY), and for a
-- payment IN_REVIEW the time its deadline declines it. The review queue reads the payments IN_REVIEW only.
alter table payment_view add column risk_rule_set_version integer;
alter table payment_view add column risk_outcome          varchar(8);
alter table payment_view add column risk_rules            varchar(3400);
alter table payment_view add column review_decide_by      timestamptz;
create index payment_view_in_review_idx on payment_view (seq) where status = 'IN_REVIEW';
