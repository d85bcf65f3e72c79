-- The stored extract tables (every version ever delivered), the load log, the data-quality
-- warnings, the figures of every vintage and the frozen instalment decisions.
-- Grain: the extract tables hold one row per key of the extract contract and extract month
-- (a key delivered again by a later extract gets a new version; nothing is overwritten);
-- valid_to is the next extract month that delivers the key (null = the latest version), so
-- vintage E is `extract_month <= E and (valid_to is null or valid_to > E)` (docs/vintages.md).
-- Parameters: none. Run before every load; idempotent (older databases get the new columns).
create table if not exists persons (
    person_id varchar not null,
    municipality_code integer not null,
    birth_year integer not null,
    sex varchar not null,
    integration_programme_end date,
    extract_month varchar not null,
    valid_to varchar
);
create table if not exists benefits (
    person_id varchar not null,
    week integer not null,            -- weeks since 1970-01-05 (monitor.core.calendar)
    benefit varchar not null,
    match_category varchar,
    extract_month varchar not null,
    valid_to varchar
);
create table if not exists markings (
    person_id varchar not null,
    marking varchar not null,
    from_date date not null,
    to_date date,
    extract_month varchar not null,
    valid_to varchar
);
create table if not exists offers (
    person_id varchar not null,
    offer_type varchar not null,
    from_date date not null,
    to_date date,
    extract_month varchar not null,
    valid_to varchar
);
create table if not exists hours (
    person_id varchar not null,
    month varchar not null,
    ordinary_hours double not null,
    extract_month varchar not null,
    valid_to varchar
);
create table if not exists load_log (
    extract_month varchar,
    folder varchar not null,
    loaded_at timestamp not null,
    outcome varchar not null,         -- loaded | replaced | unchanged | rejected
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
create table if not exists vintage_counts (
    vintage varchar not null,         -- extract month E of the vintage
    month varchar not null,
    unit_type varchar not null,
    unit_code varchar not null,
    unit_name varchar,
    star_office varchar,
    indicator varchar not null,
    numerator bigint,
    denominator bigint
);
create table if not exists discretion_pattern (
    month varchar not null,
    vintage varchar not null,         -- the vintage whose counts the pattern was chosen on
    unit_type varchar not null,
    unit_code varchar not null,
    cell varchar not null,            -- a count cell (monitor.core.published_cells.COUNT_CELLS)
    value bigint,
    suppression varchar not null      -- primary | secondary
);
create table if not exists discretion_months (
    month varchar not null,
    vintage varchar not null,
    published boolean not null,       -- false: the audit failed, the month is withheld in this vintage
    primary_cells bigint not null,
    secondary_cells bigint not null,
    secondary_persons bigint not null,
    message varchar,                  -- why a withheld month is withheld (Danish)
    input_hash varchar not null       -- fingerprint of the counts and hierarchy the pattern was chosen on
);
create table if not exists vintage_grants (
    vintage varchar not null,
    municipality_code integer not null,
    persons bigint not null           -- members of G of that vintage whose municipality at R is this
);
create table if not exists instalment_decisions (
    municipality_code integer not null,
    instalment integer not null,
    condition_month varchar not null, -- the month F in which the condition was met
    due_month varchar not null,
    decided_vintage varchar not null, -- the vintage the decision stood on
    decided_at timestamp not null,
    account_date date                 -- the instalment-1 account it stood on (administration.md)
);
-- The cash-system weeks of each person in the target-group window (derive.refresh_spells, rule in
-- docs/target-group.md), as versions like the extract tables: a version per extract month in
-- which the person's window rows changed, valid until the next such month (null = latest), so
-- the target group of any vintage reads one row per person instead of the person-weeks.
create table if not exists spell_versions (
    person_id varchar not null,
    bits bit,                         -- bit i: week R - window + i is a cash-system week
    at_reference boolean not null,    -- week R is a cash-system week with the required match category
    extract_month varchar not null,
    valid_to varchar
);
create table if not exists spell_parameters (
    parameters varchar not null       -- json of the rule's settings the versions were built with
);
alter table load_log add column if not exists replaced_files varchar;
alter table load_log add column if not exists replaced_row_counts varchar;
alter table persons add column if not exists valid_to varchar;
alter table benefits add column if not exists valid_to varchar;
alter table markings add column if not exists valid_to varchar;
alter table offers add column if not exists valid_to varchar;
alter table hours add column if not exists valid_to varchar;
create or replace macro persons_at(vintage) as table
    select * from persons
    where extract_month <= vintage and (valid_to is null or valid_to > vintage);
create or replace macro benefits_at(vintage) as table
    select * from benefits
    where extract_month <= vintage and (valid_to is null or valid_to > vintage);
create or replace macro markings_at(vintage) as table
    select * from markings
    where extract_month <= vintage and (valid_to is null or valid_to > vintage);
create or replace macro offers_at(vintage) as table
    select * from offers
    where extract_month <= vintage and (valid_to is null or valid_to > vintage);
create or replace macro hours_at(vintage) as table
    select * from hours
    where extract_month <= vintage and (valid_to is null or valid_to > vintage);
