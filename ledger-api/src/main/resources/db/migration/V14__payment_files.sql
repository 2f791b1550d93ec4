-- Payment files (issue 20, ADR 0023): a file is a batch read from CSV or pain.001. Its row is written when the
-- import starts (status IMPORTING, its items appearing chunk by chunk, so progress shows) and completed, with the
-- content hash and the audit event, in one transaction once the whole file was read and its totals agreed.
-- A file is identified by its submitter and message id: the same file again answers the first import.
alter table payment_batch add column source        varchar(8) not null default 'API';  -- API, CSV, PAIN_001
alter table payment_batch add column message_id    varchar(64);
alter table payment_batch add column content_hash  varchar(64);
alter table payment_batch add column content_bytes bigint;
alter table payment_batch alter column fingerprint drop not null;   -- a file's is known once it is read
-- status: IMPORTING (a file being read), DISPATCHING, DISPATCHED, CANCELLED (the rest of its items not sent)

-- A file's item names where it stands in the file and, for pain.001, its payment information (PmtInf); a creditor
-- outside the ledger makes the item a payout, whose beneficiary waits here until it is sent (then it is forgotten,
-- as remittance texts are).
alter table payment_batch_item add column kind             varchar(8) not null default 'PAYMENT';  -- PAYMENT, PAYOUT
alter table payment_batch_item add column location         varchar(64);
alter table payment_batch_item add column group_id         varchar(64);
alter table payment_batch_item add column beneficiary_name varchar(140);
alter table payment_batch_item add column beneficiary_iban varchar(34);
alter table payment_batch_item add column beneficiary_bic  varchar(11);

-- outcome: QUEUED, SENDING (claimed by the dispatch, on its way), SUBMITTED, REFUSED, CANCELLED. A cancellation
-- cancels what is QUEUED only, so no item that was sent is ever called cancelled.
drop index payment_batch_item_queued_idx;
create index payment_batch_item_unsent_idx on payment_batch_item (batch_id, item_no)
    where outcome in ('QUEUED', 'SENDING');
