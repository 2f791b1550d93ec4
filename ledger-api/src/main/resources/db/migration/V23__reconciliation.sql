-- Reconciliation against the bank (issue 22, ADR 0028). Write-side state of the bank lane, like payment_batch: the
-- house's bank accounts linked to their clearing accounts, the statements read from the bank's files, each line's
-- decision, the ledger items a line was reconciled with (each at most once), and the exceptions the back office works.
-- Every decision is also an event in the audit chain; these tables are what the lane needs to work and to answer.
create table bank_account_link (
    iban                varchar(34)  primary key,
    currency            char(3)      not null,
    clearing_account_id varchar(64)  not null unique,
    suspense_account_id varchar(64)  not null,
    amount_tolerance    bigint       not null,
    date_window_days    integer      not null,
    linked_by           varchar(255) not null,
    linked_at           timestamptz  not null
);

create table bank_statement (
    seq                 bigserial    unique,
    statement_id        varchar(64)  primary key,
    iban                varchar(34)  not null references bank_account_link (iban),
    format              varchar(16)  not null,
    message_id          varchar(64)  not null,
    statement_reference varchar(64)  not null,
    currency            char(3)      not null,
    content_hash        varchar(64)  not null,
    content_bytes       bigint       not null,
    line_count          integer      not null,
    opening_balance     bigint,
    closing_balance     bigint,
    closing_at          timestamptz,
    status              varchar(16)  not null,   -- RECONCILING, RECONCILED
    imported_by         varchar(255) not null,
    scopes              varchar(255) not null,
    correlation_id      varchar(255) not null,
    imported_at         timestamptz  not null,
    reconciled_at       timestamptz
);

-- A line's counterparty account and remittance text are kept in clear only until the line is decided (they are what
-- the matching reads); from then on the row keeps the counterparty masked and no text, as a payout's back office sees.
create table bank_statement_line (
    statement_id       varchar(64)  not null references bank_statement (statement_id),
    line_no            integer      not null,
    location           varchar(64)  not null,
    entry_reference    varchar(64),
    bank_reference     varchar(64),
    direction          char(4)      not null,   -- CRDT, DBIT
    amount             bigint       not null,
    booking_date       date         not null,
    value_date         date         not null,
    end_to_end_ids     text[]       not null,
    counterparty_iban  varchar(34),
    counterparty_shown varchar(34),
    remittance_info    varchar(2048),
    return_reason      varchar(4),
    reversal           boolean      not null,
    outcome            varchar(16)  not null,   -- PENDING, RECONCILED, EXCEPTION
    rule               varchar(32),
    strategy           varchar(16),
    ledger_items       text[],
    booked             varchar(16),
    decided_by         varchar(255),
    decided_at         timestamptz,
    primary key (statement_id, line_no)
);
create index bank_statement_line_bank_reference_idx on bank_statement_line (bank_reference) where bank_reference is not null;

-- A payout or payment is reconciled with one bank line at most.
create table reconciled_item (
    item_id      varchar(64) primary key,
    statement_id varchar(64) not null,
    line_no      integer     not null
);

create table reconciliation_exception (
    seq           bigserial    unique,
    exception_id  varchar(64)  primary key,
    statement_id  varchar(64)  not null references bank_statement (statement_id),
    line_no       integer,
    kind          varchar(32)  not null,
    amount        bigint       not null,
    currency      char(3)      not null,
    detail        varchar(300) not null,
    status        varchar(16)  not null,   -- OPEN, PROPOSED, RESOLVED
    raised_at     timestamptz  not null,
    proposed_by   varchar(255),
    proposed_note varchar(300),
    proposed_at   timestamptz,
    resolution    varchar(24),
    ledger_items  text[],
    resolved_by   varchar(255),
    approved_by   varchar(255),
    resolved_at   timestamptz
);
create index reconciliation_exception_status_idx on reconciliation_exception (status, seq);
create index reconciliation_exception_statement_idx on reconciliation_exception (statement_id, seq);
