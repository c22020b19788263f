-- One row per accepted message: the envelope, never the body or the identity code.
create table message (
    id                uuid primary key,
    sender            varchar(64)  not null,
    sender_message_id varchar(200) not null,
    chain_id          varchar(64)  not null,
    type              varchar(32)  not null,
    accepted_at       timestamp with time zone not null,
    constraint message_sender_message_id_uq unique (sender, sender_message_id)
);

-- The current state of each (message, recipient) delivery; its history is in message_event.
create table delivery (
    message_id   uuid        not null references message (id),
    recipient    varchar(64) not null,
    status       varchar(16) not null,
    attempts     integer     not null default 0,
    last_error   varchar(2000),
    created_at   timestamp with time zone not null,
    updated_at   timestamp with time zone not null,
    delivered_at timestamp with time zone,
    primary key (message_id, recipient)
);

-- Append-only log of what happened to each message. The audit trail grows from here:
-- later columns (data subject, legal basis, data categories, hash chain) are added, never rewritten.
create table message_event (
    id          bigint generated always as identity primary key,
    occurred_at timestamp with time zone not null,
    message_id  uuid        not null,
    recipient   varchar(64),
    event_type  varchar(32) not null,
    detail      varchar(2000)
);
create index message_event_message_idx on message_event (message_id, id);
