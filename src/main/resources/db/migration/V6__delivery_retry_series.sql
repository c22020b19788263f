-- The hub gives a delivery up after ketju.delivery.max-attempts attempts or ketju.delivery.max-age, counted
-- from the start of its current series of attempts: when it was routed, or when an admin last replayed it.
alter table delivery add column series_started_at timestamp with time zone;
alter table delivery add column series_first_attempt integer not null default 0;
update delivery set series_started_at = created_at;
alter table delivery alter column series_started_at set not null;
