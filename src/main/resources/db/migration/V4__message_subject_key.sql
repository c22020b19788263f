-- A keyed hash of the client's identifier (fi.ketju.security.SubjectKeys), never the identity code itself:
-- finds a client's service chain for a message whose sender does not know it (Kela's benefit status).
alter table message add column subject_key varchar(64);
create index message_subject_idx on message (subject_key, accepted_at);
