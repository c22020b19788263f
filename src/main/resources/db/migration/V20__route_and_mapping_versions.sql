-- Versions of the admin-owned files (issue 8): routes (id = file name without .camel.yaml) and mappings (id = path
-- under mappings/). The files in the repository are version 1; each deploy through the admin API adds one. Runs on
-- H2 and PostgreSQL alike.
create table config_version (
    kind        varchar(16) not null,
    id          varchar(300) not null,
    version     integer not null,
    content     text not null,
    -- SHA-256 of the content (UTF-8), hex
    checksum    varchar(64) not null,
    author      varchar(128) not null,
    reason      varchar(1000),
    created_at  timestamp with time zone not null,
    primary key (kind, id, version)
);

-- Which version is in force, and whether an admin suspended it (routes only); survives a restart.
create table config_in_force (
    kind        varchar(16) not null,
    id          varchar(300) not null,
    version     integer not null,
    suspended   boolean not null default false,
    changed_by  varchar(128) not null,
    changed_at  timestamp with time zone not null,
    primary key (kind, id)
);
