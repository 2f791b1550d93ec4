-- Every account's opening event, so the integrity check (ADR 0036) can list the ledger's accounts without reading the
-- event store: a partial index of one entry per account (the first event of each Account aggregate). On a large
-- existing event store, build it by hand first with CREATE INDEX CONCURRENTLY under the same name (docs/operations.md):
-- this migration then finds it and blocks no writer.
create index if not exists domain_event_entry_account_openings on domain_event_entry (aggregate_identifier)
    where type = 'Account' and sequence_number = 0;
