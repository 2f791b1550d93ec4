-- Limits per owner and currency, across the owner's accounts (issue 21, ADR 0034). owner_key names the write side's
-- aggregate (from the owner's data-subject reference, never the id); owner_id is the clear copy a lane looks the
-- owner up by, rewritten on erasure like account_view's (so not unique: erased owners share one id). What the owner
-- used is counted from account_entry over the owner's accounts, as an account's own limits are: no usage table.
create table owner_limits (
    owner_key           varchar(200) primary key,
    owner_id            varchar(255) not null,
    currency            varchar(3)   not null,
    limited             boolean      not null,
    limit_per_payment   bigint,
    limit_day_amount    bigint,
    limit_day_count     integer,
    limit_week_amount   bigint,
    limit_week_count    integer,
    limit_month_amount  bigint,
    limit_month_count   integer,
    version             bigint       not null,
    updated_at          timestamptz  not null
);
create index owner_limits_by_owner on owner_limits (owner_id, currency);
