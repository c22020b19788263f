-- What the message said (issue 14): SHA-256 (hex) of the canonical message, keys sorted, without the fields the hub
-- fills in (messageId, receivedAt, and chainId when the hub made it up). A resend under a used sender message id or
-- Idempotency-Key is the same message only when its digest is the same; otherwise it is refused as a conflict.
-- Messages recorded before this column have none: the hub cannot tell, and takes a resend of one for the same message.
alter table message add column content_digest varchar(64);
