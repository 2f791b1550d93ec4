-- The audit log: every event of the store, in processing order, hash-chained; signed checkpoints over
-- ranges of it; and the commands each request caused, for lineage. Append-only: nothing updates or
-- deletes these rows. The canonical form is in docs/compliance.md.

create table audit_record (
    audit_seq       bigint       primary key,
    global_position bigint       not null unique,
    event_id        varchar(255) not null unique,
    event_type      varchar(255) not null,
    aggregate_type  varchar(255),
    aggregate_id    varchar(255),
    aggregate_seq   bigint       not null,
    event_timestamp varchar(64)  not null,
    event_time      timestamptz  not null,
    payload         text         not null,
    metadata        text         not null,
    correlation_id  varchar(255),
    causation_id    varchar(255),
    principal       varchar(255),
    scopes          varchar(255),
    account_ids     varchar(64)[] not null default '{}',
    payment_id      varchar(64),
    prev_hash       char(64)     not null,
    hash            char(64)     not null
);
create index audit_record_time_idx on audit_record (event_time, audit_seq);
create index audit_record_correlation_idx on audit_record (correlation_id, audit_seq);
create index audit_record_principal_idx on audit_record (principal, audit_seq);
create index audit_record_payment_idx on audit_record (payment_id, audit_seq);
create index audit_record_type_idx on audit_record (event_type, audit_seq);
create index audit_record_accounts_idx on audit_record using gin (account_ids);

create table audit_checkpoint (
    checkpoint_seq bigint      primary key,
    from_seq       bigint      not null unique,
    to_seq         bigint      not null unique,
    chain_head     char(64)    not null,
    merkle_root    char(64)    not null,
    created_at     varchar(64) not null,
    key_id         varchar(32) not null,
    signature      text        not null
);

create table audit_command (
    command_id     varchar(255) primary key,
    command_type   varchar(255) not null,
    correlation_id varchar(255),
    causation_id   varchar(255),
    principal      varchar(255),
    scopes         varchar(255),
    recorded_at    timestamptz  not null
);
create index audit_command_correlation_idx on audit_command (correlation_id, recorded_at);
