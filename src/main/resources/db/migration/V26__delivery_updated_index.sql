-- Issue 16: the console's overview counts, per partner, the deliveries that ended delivered, failed (retrying) or
-- dead in the last hour and day (fi.ketju.message.MessageLedger.outcomesSince): by this index, not by a scan of every
-- delivery ever made. Runs on H2 and PostgreSQL alike.
create index delivery_updated_idx on delivery (updated_at);
