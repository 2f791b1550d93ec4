-- Balances at a point in time (issue 22): every change of an account's balances leaves its balances after it,
-- with the event's position and time, written in the same statement as the change. An account's balances at time T
-- (or after position P) are its newest row at or before it: one index lookup, however long the history.
create table account_balance_history (
    account_id      varchar(64) not null,
    position        bigint      not null,   -- the event's own global position in the store (not a tracking token's)
    at              timestamptz not null,   -- the event's time
    version         bigint      not null,   -- the account's aggregate version after the event
    posted          bigint      not null,
    pending_debits  bigint      not null,
    pending_credits bigint      not null,
    primary key (account_id, position)
);
create index account_balance_history_at_idx on account_balance_history (account_id, at);

-- Every account's first row is its opening (zero balances). An account older than this table starts its history
-- with its balances as they are now, at the position and time its read model last moved (a position at or after its
-- last change, never before the next), and is indexed from there on only: asked for earlier, it answers
-- BALANCE_HISTORY_NOT_INDEXED. Rebuilding the read models (rebuild-read-models) indexes its whole history and clears
-- the mark.
insert into account_balance_history (account_id, position, at, version, posted, pending_debits, pending_credits)
select account_id, position, updated_at, version, posted, pending_debits, pending_credits from account_view;
alter table account_view add column balance_history_from timestamptz;
alter table account_view add column balance_history_from_position bigint;
update account_view set balance_history_from = updated_at, balance_history_from_position = position;
