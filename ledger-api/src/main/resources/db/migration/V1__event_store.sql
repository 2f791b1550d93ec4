-- Axon Framework's tables: the event store (the source of truth), snapshots, processor tokens,
-- sagas and dead letters; plus db-scheduler's table for durable deadlines.
-- Payloads and metadata are bytea holding JSON (readable with convert_from(payload, 'UTF8')),
-- not oid large objects: see docs/adr/0002-event-store-on-postgresql.md.

-- Allocated one at a time: with block allocation, two connections can commit global indexes out of
-- order and a tracking processor that already passed the gap would skip an event.
create sequence domain_event_entry_seq start with 1 increment by 1;

create table domain_event_entry (
    global_index         bigint       not null primary key,
    sequence_number      bigint       not null,
    meta_data            bytea,
    payload              bytea        not null,
    aggregate_identifier varchar(255) not null,
    event_identifier     varchar(255) not null unique,
    payload_revision     varchar(255),
    payload_type         varchar(255) not null,
    time_stamp           varchar(255) not null,
    type                 varchar(255),
    unique (aggregate_identifier, sequence_number)
);

create table snapshot_event_entry (
    sequence_number      bigint       not null,
    meta_data            bytea,
    payload              bytea        not null,
    aggregate_identifier varchar(255) not null,
    event_identifier     varchar(255) not null unique,
    payload_revision     varchar(255),
    payload_type         varchar(255) not null,
    time_stamp           varchar(255) not null,
    type                 varchar(255) not null,
    primary key (sequence_number, aggregate_identifier, type)
);

create table token_entry (
    segment        integer      not null,
    token          bytea,
    owner          varchar(255),
    processor_name varchar(255) not null,
    "timestamp"    varchar(255) not null,
    token_type     varchar(255),
    primary key (segment, processor_name)
);

create table saga_entry (
    serialized_saga bytea,
    revision        varchar(255),
    saga_id         varchar(255) not null primary key,
    saga_type       varchar(255)
);

create sequence association_value_entry_seq start with 1 increment by 1;

create table association_value_entry (
    id                bigint       not null primary key,
    association_key   varchar(255) not null,
    association_value varchar(255),
    saga_id           varchar(255) not null,
    saga_type         varchar(255)
);
create index association_value_entry_saga_idx on association_value_entry (saga_id, saga_type);
create index association_value_entry_lookup_idx on association_value_entry (saga_type, association_key, association_value);

create table dead_letter_entry (
    dead_letter_id       varchar(255)  not null primary key,
    enqueued_at          timestamp(6) with time zone not null,
    last_touched         timestamp(6) with time zone,
    processing_started   timestamp(6) with time zone,
    sequence_index       bigint        not null,
    sequence_number      bigint,
    cause_message        varchar(1023),
    diagnostics          bytea,
    meta_data            bytea,
    payload              bytea         not null,
    token                bytea,
    aggregate_identifier varchar(255),
    cause_type           varchar(255),
    event_identifier     varchar(255)  not null,
    message_type         varchar(255)  not null,
    payload_revision     varchar(255),
    payload_type         varchar(255)  not null,
    processing_group     varchar(255)  not null,
    sequence_identifier  varchar(255)  not null,
    time_stamp           varchar(255)  not null,
    token_type           varchar(255),
    type                 varchar(255),
    unique (processing_group, sequence_identifier, sequence_index)
);
create index dead_letter_entry_group_idx on dead_letter_entry (processing_group);
create index dead_letter_entry_sequence_idx on dead_letter_entry (processing_group, sequence_identifier);

-- db-scheduler: payment settlement deadlines survive restarts and are run by one instance.
create table scheduled_tasks (
    task_name            text                     not null,
    task_instance        text                     not null,
    task_data            bytea,
    execution_time       timestamp with time zone not null,
    picked               boolean                  not null,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures int,
    last_heartbeat       timestamp with time zone,
    version              bigint                   not null,
    priority             smallint,
    primary key (task_name, task_instance)
);
create index scheduled_tasks_execution_time_idx on scheduled_tasks (execution_time);
create index scheduled_tasks_last_heartbeat_idx on scheduled_tasks (last_heartbeat);
create index scheduled_tasks_priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc);
