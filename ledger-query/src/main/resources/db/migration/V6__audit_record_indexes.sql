-- The event-type filter matches the stored type or its simple name ("event_type = ? or event_type like
-- '%.' || ?"); a leading wildcard cannot use a b-tree, so the planner never used this index, while
-- every audit insert paid for it (docs/performance.md, session 8). A type filter walks the log in
-- audit_seq order instead, as it did already.
drop index audit_record_type_idx;

-- An event is recognised as recorded by its position in the store (global_position, unique, written
-- nearly in order), found by looking the event up in the store, where its id is unique; this second
-- unique index, on a random UUID, cost every insert a probe into a different cold page.
alter table audit_record drop constraint audit_record_event_id_key;
