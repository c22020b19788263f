-- A sender's Idempotency-Key request header, where it gives one: a retry with the same key is the same
-- message (issue 4), whatever the body says. Unique per sender; a message sent without one has none.
alter table message add column idempotency_key varchar(200);
alter table message add constraint message_sender_idempotency_key_uq unique (sender, idempotency_key);
