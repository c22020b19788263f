-- Issue 14: a recipient's refusal may quote the client's identity code, so what admins, senders and the status API
-- see of a failed delivery is a structured summary without free text (fi.ketju.message.DeliveryFailure): its kind,
-- the HTTP status and the recipient's machine-readable codes (newline-separated). last_error, which quoted the
-- recipient's answer, is dropped with what it held. Runs on H2 and PostgreSQL alike.
alter table delivery add column failure_kind varchar(16);
alter table delivery add column failure_http_status integer;
alter table delivery add column failure_codes varchar(1300);
alter table delivery drop column last_error;

-- What the hub got when a delivery failed (the recipient's whole answer, or the error of a mapping, a validator or
-- a connection), encrypted like a message body (AES-GCM, key id beside it), for auditors only, deleted with the
-- bodies after ketju.audit.retention.body-days. summary is the DeliveryFailure as events tell it.
create table delivery_failure (
    id          bigint generated always as identity primary key,
    message_id  uuid not null,
    recipient   varchar(64) not null,
    attempt     integer not null,
    occurred_at timestamp with time zone not null,
    summary     varchar(1500) not null,
    key_id      varchar(32) not null,
    detail_enc  bytea not null
);
create index delivery_failure_message_idx on delivery_failure (message_id, id);
create index delivery_failure_occurred_idx on delivery_failure (occurred_at);
