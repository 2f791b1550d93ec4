-- Payment deadlines are no longer scheduled: the saga settles a payment in one step and checks the
-- deadline (initiation time + settlement timeout) as it goes (ADR 0008). db-scheduler's table goes.
drop table scheduled_tasks;
