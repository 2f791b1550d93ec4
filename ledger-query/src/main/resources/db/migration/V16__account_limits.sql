-- Account limits (issue 21): the account decides with them (its own events); the read model shows them, and what
-- each window used is counted from account_entry. Null: not limited.
alter table account_view add column limit_per_payment  bigint;
alter table account_view add column limit_day_amount   bigint;
alter table account_view add column limit_day_count    integer;
alter table account_view add column limit_week_amount  bigint;
alter table account_view add column limit_week_count   integer;
alter table account_view add column limit_month_amount bigint;
alter table account_view add column limit_month_count  integer;
-- What a window used: an account's outgoing entries since a time.
create index account_entry_outgoing_idx on account_entry (account_id, created_at) where direction = 'DEBIT';
