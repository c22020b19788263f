-- The few facts of each accepted message that the service-chain measures need (fi.ketju.measure.MeasureFacts),
-- written in the door's transaction. No identity code, name or free text: the client is a keyed pseudonym, dates are
-- days since 1970-01-01 (integers compare and subtract alike on H2 and PostgreSQL), everything else a code.
create table measure_fact (
    message_id        uuid        primary key,
    accepted_at       timestamp with time zone not null,
    event_kind        varchar(32) not null,
    event_day         integer     not null,
    client            varchar(64) not null,
    chain_id          varchar(64) not null,
    answers_referral  uuid,
    sender_partner    varchar(16) not null,
    organisation      varchar(16) not null,
    service           varchar(40),
    urgency           varchar(16),
    employment_status varchar(32),
    conclusion        varchar(32),
    benefit_type      varchar(40),
    benefit_status    varchar(16),
    paid_days         integer,
    employee          integer,
    period_start_day  integer,
    period_end_day    integer
);
create index measure_fact_day_idx on measure_fact (event_kind, event_day);
create index measure_fact_client_idx on measure_fact (client, event_day);
create index measure_fact_chain_idx on measure_fact (chain_id, event_kind);
create index measure_fact_referral_idx on measure_fact (answers_referral);
create index measure_fact_accepted_idx on measure_fact (accepted_at);

-- An assessment summary's recommendations, one row each.
create table measure_fact_recommendation (
    message_id     uuid        not null references measure_fact (message_id) on delete cascade,
    recommendation varchar(40) not null,
    primary key (message_id, recommendation)
);

-- What a measure's SQL may read (mappings/measures): the facts, never the message log or its ciphertexts.
create view measure_facts as
    select message_id, event_kind, event_day, client, chain_id, answers_referral, sender_partner, organisation, service,
        urgency, employment_status, conclusion, benefit_type, benefit_status, paid_days, employee, period_start_day,
        period_end_day
    from measure_fact;
create view measure_recommendations as
    select message_id, recommendation from measure_fact_recommendation;
