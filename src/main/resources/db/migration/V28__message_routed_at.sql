-- When routing recorded the message's recipients: until then a client's later messages wait for it (DeliveryOrder).
-- Messages already routed, or never to be, before this column existed count as routed.
alter table message add column routed_at timestamp with time zone;
update message set routed_at = accepted_at;
