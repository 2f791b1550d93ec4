-- Read models. Owned by ledger-query; rebuilt from the event store at will, never the source of truth.
-- Amounts are bigint minor units of the row's currency.

create table account_view (
    account_id      varchar(64)  primary key,
    owner_id        varchar(255) not null,
    currency        char(3)      not null,
    type            varchar(16)  not null,
    status          varchar(16)  not null,
    overdraft_limit bigint       not null,
    posted          bigint       not null default 0,
    pending_debits  bigint       not null default 0,
    pending_credits bigint       not null default 0,
    version         bigint       not null,
    position        bigint       not null,
    opened_at       timestamptz  not null,
    updated_at      timestamptz  not null
);
create index account_view_owner_idx on account_view (owner_id, account_id);

create table account_entry (
    entry_id   bigserial    primary key,
    account_id varchar(64)  not null,
    payment_id varchar(64)  not null,
    direction  varchar(8)   not null,
    amount     bigint       not null,
    currency   char(3)      not null,
    state      varchar(16)  not null,
    created_at timestamptz  not null,
    updated_at timestamptz  not null,
    unique (account_id, payment_id, direction)
);
create index account_entry_account_idx on account_entry (account_id, entry_id);

create table payment_view (
    seq                 bigserial    unique,
    payment_id          varchar(64)  primary key,
    debtor_account_id   varchar(64)  not null,
    creditor_account_id varchar(64)  not null,
    amount              bigint       not null,
    currency            char(3)      not null,
    status              varchar(16)  not null,
    rejection_reason    varchar(32),
    remittance_info     varchar(140),
    reversal_of         varchar(64),
    reversed_by         varchar(64),
    initiated_by        varchar(255) not null,
    created_at          timestamptz  not null,
    updated_at          timestamptz  not null,
    position            bigint       not null
);
create index payment_view_debtor_idx on payment_view (debtor_account_id, seq);
create index payment_view_creditor_idx on payment_view (creditor_account_id, seq);
create index payment_view_status_idx on payment_view (status, seq);
