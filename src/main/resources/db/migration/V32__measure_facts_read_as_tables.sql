-- The measures' SQL reads the facts' tables themselves, now named as the views it was written against were. H2 reads a
-- view as a subquery of all its columns, so every row a measure's query touched was also looked up in the table by its
-- key, which V31's covering indexes were meant to spare: the six reports over 100,000 chains took 9-10 s through the
-- views and 3.6 s on the tables (MeasureBenchmark). The reader sees what it saw through the views, and accepted_at,
-- which the retention prunes by and no stratum may use (MeasureStrata allows code columns only).
drop view measure_facts;
drop view measure_recommendations;
alter table measure_fact rename to measure_facts;
alter table measure_fact_recommendation rename to measure_recommendations;
grant select on measure_facts, measure_recommendations to ${measures_reader_user};
