-- Creates the service file's tables (SQLite, beside the DuckDB database): the audit log and
-- the release times set by STAR. Both are append-only: a release change is a new row.
-- Grain: audit_log one row per audited event; release_times one row per change.
-- Parameters: none.
create table if not exists audit_log (
    at text not null,          -- UTC, ISO 8601
    user_name text not null,   -- the logged-in user (e-mail or name), or the OS user of a command
    role text not null,        -- ministeriet, star, arbejdsmarkedskontor, kommune, aaben, kommandolinje
    event text not null,       -- login, logout, download, report, release, load
    what text,                 -- the download's or report's name, the command
    unit text,                 -- the unit code it was about
    month text,                -- the month it was about (YYYY-MM)
    vintage text,              -- the data version (latest extract month) it was made on
    detail text
);
create index if not exists audit_log_at on audit_log (at);
create table if not exists release_times (
    month text not null,       -- extract month YYYY-MM
    release_at text not null,  -- UTC, ISO 8601
    set_at text not null,      -- UTC, ISO 8601
    set_by text not null,
    role text not null
);
