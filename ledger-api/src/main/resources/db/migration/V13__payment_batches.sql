-- Payment batches (issue 20): the bank and merchant lane's many payments in one request. Write-side state, like
-- payment_external_reference: what was submitted and how far its dispatch got, so a batch survives a crash and
-- resumes where it stopped. Each item becomes the payment its fields describe, through the same command a single
-- request sends; the payment's own events and read model tell the rest.
create table payment_batch (
    batch_id       varchar(64)  primary key,
    fingerprint    varchar(64)  not null,
    submitted_by   varchar(255) not null,
    scopes         varchar(255) not null,
    correlation_id varchar(255) not null,
    atomic         boolean      not null,
    item_count     integer      not null,
    status         varchar(16)  not null,   -- DISPATCHING, DISPATCHED
    submitted_at   timestamptz  not null,
    dispatched_at  timestamptz
);

-- An item's request is kept only until it is dispatched: from then on its payment holds it (remittance texts and
-- metadata sealed, ADR 0021), and the row keeps the outcome.
create table payment_batch_item (
    batch_id            varchar(64)  not null,
    item_no             integer      not null,
    idempotency_key     varchar(128) not null,
    payment_id          varchar(64)  not null,
    outcome             varchar(16)  not null,   -- QUEUED, SUBMITTED, REFUSED
    error_code          varchar(48),
    detail              varchar(300),
    debtor_account_id   varchar(64),
    creditor_account_id varchar(64),
    amount              bigint,
    currency            char(3),
    remittance_info     varchar(140),
    capture_mode        varchar(16),
    expires_at          timestamptz,
    external_reference  varchar(64),
    metadata            text,
    fingerprint         varchar(64),
    primary key (batch_id, item_no)
);
create index payment_batch_item_queued_idx on payment_batch_item (batch_id, item_no) where outcome = 'QUEUED';
