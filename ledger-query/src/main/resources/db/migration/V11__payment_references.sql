-- The client's own handles on a payment (issue 20): an external reference (unique per debtor account, the file
-- lane's EndToEndId; uniqueness is the write side's, payment_external_reference) and a small metadata map,
-- both searchable. Partial indexes: payments without them, most of them, cost nothing extra to insert.
alter table payment_view add column external_reference varchar(64);
alter table payment_view add column metadata jsonb;
create index payment_view_reference_idx on payment_view (external_reference, seq) where external_reference is not null;
create index payment_view_metadata_idx on payment_view using gin (metadata jsonb_path_ops) where metadata is not null;
