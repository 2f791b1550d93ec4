-- The incremental integrity check (ADR 0036): what the checks so far have read of the event store, kept so the next
-- check reads only the events after it. Every figure is a sum over events, counted by sequence number per account
-- (never by global position, whose gaps can fill after a check has passed them).
-- One row: the check's lock, and when it last ran.
create table integrity_checked (
    id          smallint    primary key check (id = 1),
    checked_at  timestamptz,
    events_read bigint      not null default 0
);
insert into integrity_checked (id) values (1);

-- Per account: the sums of its events up to and including sequence number seq.
create table integrity_account (
    account_id      varchar(255) primary key,
    seq             bigint       not null,
    posted          bigint       not null,
    pending_debits  bigint       not null,
    pending_credits bigint       not null
);

-- Per currency: the sums of every account event in it.
create table integrity_books (
    currency        varchar(3)   primary key,
    posted          bigint       not null,
    pending_debits  bigint       not null,
    pending_credits bigint       not null
);

-- Per payment and currency, what is held for it as a debit and as a credit; a payment whose holds are all gone (both
-- zero) has no row, so the table is as large as the holds open now.
create table integrity_hold (
    payment_id  varchar(255) not null,
    currency    varchar(3)   not null,
    debit_held  bigint       not null,
    credit_held bigint       not null,
    primary key (payment_id, currency)
);
