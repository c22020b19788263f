-- The audit trail (issue 6). Runs on H2 and PostgreSQL alike.
--
-- message_event becomes the audit outbox: each step inserts its event here in its own transaction (one insert,
-- no shared row, so no step waits on another), and the chainer (fi.ketju.audit.AuditChainer) moves events in id
-- order into audit_event, the hash-chained, append-only trail. Events that are not about one message (admin and
-- auditor actions, refusals at the doors, the hub's start) have no message id.
alter table message_event alter column message_id drop not null;
-- Who asked for the step (a partner system, or an API and its user), why, and what was disclosed on what basis.
alter table message_event add column requester varchar(64);
alter table message_event add column requester_user varchar(128);
alter table message_event add column purpose varchar(200);
alter table message_event add column legal_basis varchar(300);
alter table message_event add column data_categories varchar(500);
-- The data subject of an event that is not about a message (e.g. an auditor's search for one person): keyed hash
-- and AES-GCM ciphertext, never the identity code itself. A message's events take the message's subject.
alter table message_event add column subject_key varchar(64);
alter table message_event add column subject_enc bytea;
alter table message_event add column subject_key_id varchar(32);

-- The client's identifier, encrypted (AES-GCM, key ketju.audit.encryption-key, id in subject_key_id), beside the
-- keyed hash of V4: auditors see it decrypted, nobody else.
alter table message add column subject_enc bytea;
alter table message add column subject_key_id varchar(32);

-- The accepted canonical message, encrypted at rest, kept ketju.audit.retention.body-days for replay and
-- investigation, then deleted by the retention job.
create table message_body (
    message_id  uuid primary key,
    received_at timestamp with time zone not null,
    key_id      varchar(32) not null,
    body_enc    bytea not null
);
create index message_body_received_idx on message_body (received_at);

-- The audit trail: one row per event, never updated; deleted only by the retention job, oldest first.
-- id is the event's place in the chain (1, 2, 3, ... without gaps); hash = SHA-256 over the canonical form of the
-- row with prev_hash (fi.ketju.audit.EventHash documents the form), prev_hash = the hash of event id - 1.
create table audit_event (
    id              bigint primary key,
    occurred_at     timestamp with time zone not null,
    event_type      varchar(32)  not null,
    outcome         varchar(16)  not null,
    message_id      uuid,
    chain_id        varchar(64),
    message_type    varchar(32),
    partner         varchar(64),
    recipient       varchar(64),
    subject_key     varchar(64),
    subject_enc     bytea,
    subject_key_id  varchar(32),
    requester       varchar(64),
    requester_user  varchar(128),
    purpose         varchar(200),
    legal_basis     varchar(300),
    data_categories varchar(500),
    data_ids        varchar(500),
    detail          varchar(2000),
    prev_hash       char(64) not null,
    hash            char(64) not null
);
-- One index per search filter, each ending in id: a filtered page, newest first, is one index range read.
create index audit_event_subject_idx on audit_event (subject_key, id);
create index audit_event_chain_idx on audit_event (chain_id, id);
create index audit_event_message_idx on audit_event (message_id, id);
create index audit_event_partner_idx on audit_event (partner, id);
create index audit_event_recipient_idx on audit_event (recipient, id);
create index audit_event_message_type_idx on audit_event (message_type, id);
create index audit_event_type_idx on audit_event (event_type, id);
create index audit_event_time_idx on audit_event (occurred_at, id);

-- Signed checkpoints: each seals the chain head (SEAL) or records where pruning cut the chain (PRUNE), and
-- carries the signature of the checkpoint before it, so the checkpoints form a chain of their own.
create table audit_checkpoint (
    id              bigint primary key,
    created_at      timestamp with time zone not null,
    kind            varchar(8)  not null,
    last_event_id   bigint      not null,
    last_event_hash char(64)    not null,
    prev_signature  char(64)    not null,
    key_id          varchar(32) not null,
    signature       char(64)    not null
);
