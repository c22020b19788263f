-- Before a delivery calls its partner, fi.ketju.delivery.DeliveryOrder asks for the client's earlier messages still on
-- their way: not yet routed, or routed to the same recipient and neither delivered nor given up. Found through the
-- client's history (message_subject_idx), that read every message of the client in ketju.delivery.max-age and its
-- delivery row, a cost that grew with the client's history (a client with 1,500 messages: 1,500 rows and 1,500
-- lookups a delivery). These indexes find only the messages on their way, however long the history: the unrouted by
-- message_unrouted_idx, the undelivered by delivery_on_the_way_idx, for which each delivery row carries its client
-- and acceptance time (set when routed; never changed).
-- Each index begins with the state that puts a row on its way (no routing time yet; a pending or failed status), so
-- that the rows on their way are a small part of it, and a row that arrives ends up in a part of its own (routed rows
-- in routing order, at the index's end): H2 rewrites every index page a change touches, and an index keyed by client
-- alone would have each change touch a page of its own. Each index holds every column the lookup reads, so that it is
-- read alone (H2 then prefers it to message_subject_idx whatever its statistics say). Runs on H2 and PostgreSQL alike.
alter table delivery add column subject_key varchar(64);
alter table delivery add column accepted_at timestamp with time zone;
update delivery set (subject_key, accepted_at) = (select m.subject_key, m.accepted_at from message m where m.id = delivery.message_id);
alter table delivery alter column accepted_at set not null;
create index message_unrouted_idx on message (routed_at, subject_key, accepted_at, id);
create index delivery_on_the_way_idx on delivery (status, subject_key, recipient, accepted_at, message_id);
