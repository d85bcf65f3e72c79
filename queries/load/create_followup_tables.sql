-- The follow-up log of STAR's regional offices (spec administration.md, 2), kept in its own
-- small database file. Entries are never changed; an action's status change is a new version
-- (the latest holds). `followup_writes` records every write (who, role, when, what; no text).
-- Grain: entries one row per follow-up; actions one row per action version; writes one row
-- per write. Parameters: none. Idempotent.
create table if not exists followup_entries (
    entry_id integer not null,
    municipality_code integer not null,
    star_office varchar not null,      -- OEST | MIDTNORD | SYD: the municipality's office
    followup_date date not null,
    kind varchar not null,             -- møde | telefon | besøg | handleplan
    text varchar not null,
    shared boolean not null,           -- delt med kommunen
    author varchar not null,
    author_role varchar not null,
    written_at timestamp not null
);
create table if not exists followup_actions (
    entry_id integer not null,
    action_no integer not null,
    text varchar not null,
    due_date date not null,
    status varchar not null,           -- aftalt | i gang | gennemført
    version integer not null,
    author varchar not null,
    written_at timestamp not null
);
create table if not exists followup_writes (
    written_at timestamp not null,
    user_name varchar not null,
    role varchar not null,
    action varchar not null,           -- entry | action_status
    entry_id integer not null,
    municipality_code integer not null
);
