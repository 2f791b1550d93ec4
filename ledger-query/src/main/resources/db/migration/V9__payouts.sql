-- Payouts to outside beneficiaries (ADR 0017). beneficiary_* are personal data: shown to those entitled,
-- never logged; the row is rebuilt from the events like every read model.
create table payout_view (
    seq                 bigserial    unique,
    payout_id           varchar(64)  primary key,
    debtor_account_id   varchar(64)  not null,
    clearing_account_id varchar(64)  not null,
    amount              bigint       not null,
    currency            char(3)      not null,
    beneficiary_name    varchar(140) not null,
    beneficiary_iban    varchar(34)  not null,
    beneficiary_bic     varchar(11),
    remittance_info     varchar(140),
    status              varchar(16)  not null,
    rejection_reason    varchar(32),
    bank_result         varchar(16),
    bank_reference      varchar(64),
    reason_code         varchar(8),
    answer_by           timestamptz,
    initiated_by        varchar(255) not null,
    created_at          timestamptz  not null,
    updated_at          timestamptz  not null,
    position            bigint       not null
);
create index payout_view_status_idx on payout_view (status, seq);
create index payout_view_debtor_idx on payout_view (debtor_account_id, seq);
