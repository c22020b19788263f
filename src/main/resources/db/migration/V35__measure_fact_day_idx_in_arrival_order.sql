-- V31's measure_fact_day_idx ordered each day's facts by client (a keyed pseudonym) after the kind and the day, so each
-- fact recorded landed at a random place among the day's facts, and H2 rewrote an index page of its own for each (2.1
-- KB a delivery under load, 8.6% of all H2 wrote: issue 18). The reports read the index by kind and a range of days and
-- take the other columns from it, in no order of theirs. Here the hub's message id (time-ordered, UUIDv7) follows the
-- day, so a day's facts are kept in the order they arrive and a new one goes at the end; the index holds the same
-- columns as before. Runs on H2 and PostgreSQL alike.
drop index measure_fact_day_idx;
create index measure_fact_day_idx on measure_facts (event_kind, event_day, message_id, client, organisation, service, urgency,
    employment_status, benefit_type, paid_days, employee, conclusion, answers_referral);
