-- Issue 15: several hub instances on one database. Every change of config_version and config_in_force (adopting
-- the repository's files at start, a deploy, a suspension) takes this row first, so two instances never claim the
-- same version number (fi.ketju.admin.ConfigVersions). Runs on H2 and PostgreSQL alike.
insert into singleton_lock (name) values ('config-versions');
