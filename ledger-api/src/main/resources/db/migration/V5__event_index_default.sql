-- Events are appended with plain JDBC (ADR 0008): the global index comes from the same sequence,
-- still one value at a time, now as the column's default.
alter table domain_event_entry alter column global_index set default nextval('domain_event_entry_seq');
alter sequence domain_event_entry_seq owned by domain_event_entry.global_index;
