-- The stored extract tables, the load log and the data-quality warnings.
-- Grain: one row per key of the extract contract (plus the extract month the row came from).
-- Parameters: none. Run once when a database is created; idempotent.
create table if not exists persons (
    person_id varchar not null,
    municipality_code integer not null,
    birth_year integer not null,
    sex varchar not null,
    integration_programme_end date,
    extract_month varchar not null
);
create table if not exists benefits (
    person_id varchar not null,
    week integer not null,            -- weeks since 1970-01-05 (monitor.core.calendar)
    benefit varchar not null,
    match_category varchar,
    extract_month varchar not null
);
create table if not exists markings (
    person_id varchar not null,
    marking varchar not null,
    from_date date not null,
    to_date date,
    extract_month varchar not null
);
create table if not exists offers (
    person_id varchar not null,
    offer_type varchar not null,
    from_date date not null,
    to_date date,
    extract_month varchar not null
);
create table if not exists hours (
    person_id varchar not null,
    month varchar not null,
    ordinary_hours double not null,
    extract_month varchar not null
);
create table if not exists load_log (
    extract_month varchar,
    folder varchar not null,
    loaded_at timestamp not null,
    outcome varchar not null,         -- loaded | unchanged | rejected
    files varchar,                    -- json: file name -> sha256
    row_counts varchar,               -- json: table -> rows in the extract
    message varchar
);
create table if not exists quality_warnings (
    extract_month varchar not null,
    table_name varchar not null,
    row_number integer,
    column_name varchar,
    rule varchar not null
);
-- Documents the municipalities send (spec administration.md, 1): every entry ever made; a
-- later batch for the same municipality and document is a correction (the latest holds).
create table if not exists documents (
    municipality_code integer not null,
    document varchar not null,        -- rate1_account | final_report | final_account
    received_date date not null,
    endorsement varchar,              -- ledelse | revisor | null (final report)
    batch integer not null,           -- one per load or page entry, increasing
    entered_at timestamp not null,
    entered_by varchar not null,
    source varchar not null           -- file name, or 'side' for an entry on a page
);
