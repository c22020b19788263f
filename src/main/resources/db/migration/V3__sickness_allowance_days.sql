-- The paid sickness allowance days last reported for each service chain, to tell when a checkpoint is
-- crossed. previous_days and message_id let a redelivered status see the same "before" as the first time.
create table sickness_allowance_days (
    chain_id      varchar(64) primary key,
    paid_days     integer     not null,
    previous_days integer     not null,
    message_id    uuid        not null,
    updated_at    timestamp with time zone not null
);
