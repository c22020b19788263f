-- The database user the measures' SQL runs as (fi.ketju.measure.MeasureEvaluation, ketju.measures.reader): it may
-- read the two views a measure is written against and nothing else, so a measure file naming the message log, the
-- audit trail or the facts' table is refused by the database itself. On PostgreSQL the views read their tables with
-- their owner's rights; on H2 a view's reader needs rights on the view only.
create user ${measures_reader_user} password '${measures_reader_password}';
grant select on measure_facts, measure_recommendations to ${measures_reader_user};

-- The measures' indexes widened to hold every column their queries read (EXPLAIN ANALYZE on H2 over 100,000 chains):
-- a query then reads the index alone, in its order, instead of looking each row up in the table by its key. The six
-- reports' queries, one after another over 100,000 chains on a busy machine, took 5.4 s instead of 44 s once the pages
-- were cached; an earlier, similar widening cost some 90 us more per fact recorded. By day: the scan of a
-- month's referrals, assessment summaries and sickness allowance statuses; by client: a client's later statuses,
-- assessments and referrals; by referral: the first assessment summary answering one.
drop index measure_fact_day_idx;
create index measure_fact_day_idx on measure_fact (event_kind, event_day, client, organisation, service, urgency,
    employment_status, benefit_type, paid_days, employee, conclusion, answers_referral, message_id);
drop index measure_fact_client_idx;
create index measure_fact_client_idx on measure_fact (client, event_day, event_kind, employment_status, organisation,
    benefit_type, benefit_status, message_id);
drop index measure_fact_referral_idx;
create index measure_fact_referral_idx on measure_fact (answers_referral, event_kind, event_day);
