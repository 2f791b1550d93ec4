-- Keys of the data subjects whose personal data events carry sealed (ADR 0021). Erasing a subject deletes
-- its row: the sealed values stay in the event store and the audit chain, and read as erased from then on.
-- subject_ref is random and is what sealed values name; subject_id links a subject to its key and goes
-- with it. Keep this table out of long-lived backups, or an erased subject comes back with the backup.
create table data_subject_key (
    subject_ref varchar(32)  primary key,
    subject_id  varchar(255) not null unique,
    data_key    bytea        not null,
    created_at  timestamptz  not null
);
