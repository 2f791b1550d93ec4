-- A reversed payment no longer counts against its debtor's limit windows (issue 21): its debit line stays in the
-- statement, marked, and the windows' count leaves it out, as the account's own count does.
alter table account_entry add column limit_given_back boolean not null default false;
