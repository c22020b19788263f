-- The trail's index by person (subject_key, id) was a third of all H2 wrote under load (issue 18): a keyed hash puts
-- each new event on an index page of its own. Most events belong to a message, and the message already names its
-- person (message_subject_idx), so a person's message events are found through their messages and the trail's
-- message index, which grows at its end. Only an event whose message does not name its person (no message, such as an
-- auditor's search, or a message about another person) keeps the person in subject_key_not_of_message, set by the
-- chainer; the search reads both (fi.ketju.audit.AuditSearch). subject_key itself is unchanged and still hashed.
alter table audit_event add column subject_key_not_of_message varchar(64);
update audit_event set subject_key_not_of_message = subject_key
    where subject_key is not null
      and not exists (select 1 from message m where m.id = audit_event.message_id and m.subject_key = audit_event.subject_key);
drop index audit_event_subject_idx;
create index audit_event_subject_not_of_message_idx on audit_event (subject_key_not_of_message, id);
