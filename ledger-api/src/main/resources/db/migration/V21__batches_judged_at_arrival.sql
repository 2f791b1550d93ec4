-- A batch or a file is judged by the risk policy in force when it arrived (ADR 0026), not when each of its items is
-- sent: the version is stamped on the batch when it is submitted or its import starts. Null: from before, or none.
alter table payment_batch add column rule_set_version integer;
