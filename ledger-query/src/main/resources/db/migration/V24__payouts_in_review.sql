-- Payouts judged by the risk rules (ADR 0032, 0033): the version and the rules that matched, and for a payout
-- IN_REVIEW the time its deadline declines it. The back office finds them with ?status=IN_REVIEW (payout_view_status_idx).
alter table payout_view add column risk_rule_set_version integer;
alter table payout_view add column risk_outcome          varchar(8);
alter table payout_view add column risk_rules            varchar(3400);
alter table payout_view add column review_decide_by      timestamptz;
