-- Atomic batches (issue 20, AtomicBatchSaga): all items settle or none does. The batch records the saga's decision
-- (SETTLED or FAILED, with the reason when no item failed: the window passed); the first failing item is read from
-- the items. An item's payment is found by its id: capture and void through the API are refused for items of an
-- atomic batch, which only the batch ends.
alter table payment_batch add column atomic_outcome varchar(16);
alter table payment_batch add column atomic_reason  varchar(48);
create index payment_batch_item_payment_idx on payment_batch_item (payment_id);
