-- V33's delivery_on_the_way_idx began with the status, then the client: a delivery that arrived moved to a random place
-- among all the delivered rows (ordered by client), so under load each delivery made H2 rewrite an index page of its
-- own: 10% of all the bytes H2 wrote (issue 18, bytes written per table and index). A delivery row now names its client
-- only while it is on its way (pending or failed; the database checks it), and the index begins with that column: the
-- rows on their way are found by client as before, and a settled row, which has none, joins the others of its
-- recipient in order of acceptance, at the end. Runs on H2 and PostgreSQL alike.
alter table delivery add column subject_key_on_the_way varchar(64);
update delivery set subject_key_on_the_way = subject_key where status in ('PENDING', 'FAILED');
drop index delivery_on_the_way_idx;
alter table delivery drop column subject_key;
alter table delivery add constraint delivery_client_only_on_the_way
    check (status in ('PENDING', 'FAILED') or subject_key_on_the_way is null);
create index delivery_on_the_way_idx on delivery (subject_key_on_the_way, recipient, accepted_at, message_id);
