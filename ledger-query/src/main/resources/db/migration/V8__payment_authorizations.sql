-- A MANUAL payment is authorized until expires_at and may be captured for less than its amount.
alter table payment_view add column capture_mode varchar(9) not null default 'AUTOMATIC';
alter table payment_view add column expires_at timestamptz;
alter table payment_view add column captured_amount bigint;
