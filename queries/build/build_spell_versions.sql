-- Builds `spell_versions` for the persons whose benefit rows in the target-group window changed:
-- every person (`$everyone`), or those with window rows from the extract months `$changed` or
-- versions built on them before (a month replaced with other content). For each such person
-- and each extract month E delivering one of their window rows, the window as vintage E shows
-- it (rows with extract_month <= E and no later version up to E): the bit string of cash-system
-- weeks and whether R is a cash-system week with the required match category; valid_to is the
-- next such month. Persons with no window row have no version (they are not in G).
-- Grain: one row per person and extract month that changed their window.
-- Parameters: $everyone (boolean), $changed (list of extract months), $reference_week,
-- $min_weeks, $max_gap, $cash, $match_category, $parameters (json of these, stored).
create or replace temporary table spell_touched as
with
from_rows as (
    select person_id from benefits
    where week between $reference_week - $min_weeks - $max_gap + 1 and $reference_week
      and list_contains($changed, extract_month)
),
from_versions as (
    select person_id from spell_versions where list_contains($changed, extract_month)
)
select person_id from from_rows
union
select person_id from from_versions;
delete from spell_versions
where $everyone or person_id in (select person_id from spell_touched);
insert into spell_versions
with
window_rows as (
    select person_id, week, benefit, match_category, extract_month, valid_to
    from benefits
    where week between $reference_week - $min_weeks - $max_gap + 1 and $reference_week
      and ($everyone or person_id in (select person_id from spell_touched))
),
change_points as (
    select distinct person_id, extract_month as vintage from window_rows
),
as_of as (
    -- the cash test is an aggregate filter, not a where clause: DuckDB evaluates a pushed-down
    -- IN filter on the text column about 3x slower than the same test as a value
    select
        c.person_id,
        c.vintage,
        bitstring_agg(r.week, $reference_week - $min_weeks - $max_gap + 1, $reference_week)
            filter (where list_contains($cash, r.benefit)) as bits,
        coalesce(bool_or(r.week = $reference_week and r.match_category = $match_category
                         and list_contains($cash, r.benefit)), false) as at_reference
    from change_points as c
    join window_rows as r
        on r.person_id = c.person_id and r.extract_month <= c.vintage
       and (r.valid_to is null or r.valid_to > c.vintage)
    group by c.person_id, c.vintage
)
select
    person_id, bits, at_reference, vintage as extract_month,
    lead(vintage) over (partition by person_id order by vintage) as valid_to
from as_of;
delete from spell_parameters;
insert into spell_parameters values ($parameters);
