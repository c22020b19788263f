-- Issue 16: the console's message search (fi.ketju.message.MessageLedger.search) always runs within a time window,
-- newest first, and narrows it by type or sender: each by an index that starts with what is compared for equality
-- and ends with the acceptance time, so a search reads the window's rows of that type or sender, never the table.
-- A sender's own message id is found by the unique (sender, sender_message_id) of V1, a hub id by the primary key.
-- Runs on H2 and PostgreSQL alike.
create index message_accepted_idx on message (accepted_at, id);
create index message_type_accepted_idx on message (type, accepted_at);
create index message_sender_accepted_idx on message (sender, accepted_at);
