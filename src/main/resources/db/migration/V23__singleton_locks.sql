-- Issue 15: several hub instances on one database. Work that exactly one instance may do at a time takes its row
-- here with SELECT ... FOR UPDATE at the start of the transaction that does it, and holds it until that transaction
-- ends (fi.ketju.audit.SingletonLocks): audit-chain for extending and sealing the audit chain and for the retention
-- job's cut (PRUNE checkpoint and delete); audit-retention for a whole retention run. Runs on H2 and PostgreSQL alike.
create table singleton_lock (
    name varchar(64) primary key
);
insert into singleton_lock (name) values ('audit-chain');
insert into singleton_lock (name) values ('audit-retention');
