-- Which payment holds an external reference of a debtor account (issue 20): written in the same transaction as the
-- payment's first event, so two requests with one reference cannot both be accepted. Write-side state, like the
-- event store: never rebuilt, never deleted (a reference is used once, whatever the payment's outcome).
create table payment_external_reference (
    debtor_account_id  varchar(64) not null,
    external_reference varchar(64) not null,
    payment_id         varchar(64) not null,
    primary key (debtor_account_id, external_reference)
);
