-- Builds a seeded synthetic benefit history at national scale, stored as the core stores it
-- (table `benefits`: person_id, week index, benefit, match_category, extract_month) plus a
-- persons snapshot. Each person starts on cash benefit at a random week, has a random block
-- without cash benefit (0-8 weeks, sometimes covered by sickness benefit), rare single
-- missing weeks, and is activity-ready or (15 %) job-ready.
-- Grain: one row per person and week with a benefit; persons one row per person.
-- Parameters: $persons, $weeks, $first_week (week index of the first week), $seed,
-- $extract_month, $municipalities (list of municipality codes).
create or replace table persons as
with people as (
    select range as p, hash(range, $seed) as h from range($persons)
)
select
    'P' || lpad(p::varchar, 7, '0') as person_id,
    $municipalities[1 + (h % len($municipalities))::integer] as municipality_code,
    1950 + (h >> 8) % 45 as birth_year,
    case when (h >> 16) % 2 = 0 then 'M' else 'K' end as sex,
    case when (h >> 24) % 20 = 0 then date '2010-01-04' + ((h >> 32) % 2600)::integer end as integration_programme_end,
    $extract_month as extract_month
from people;

create or replace table benefits as
with
people as (
    select range as p, hash(range, $seed) as h from range($persons)
),
shape as (
    select
        p,
        (h % $weeks)::integer as start_offset,
        ((h >> 10) % 9)::integer as gap_length,
        ((h >> 20) % $weeks)::integer as gap_start,
        ['KH', 'UH', 'IY'][1 + ((h >> 30) % 3)::integer] as cash_benefit,
        case when (h >> 40) % 100 < 15 then 'J' else 'A' end as match_category
    from people
),
grid as (
    select s.*, w, hash(s.p, w, $seed) as hw
    from shape as s, range($weeks) as t(w)
    where w >= s.start_offset
),
weeks as (
    select
        p,
        w,
        case
            when w >= gap_start and w < gap_start + gap_length then case when hw % 3 = 0 then 'SD' end
            when hw % 60 = 0 then null
            else cash_benefit
        end as benefit,
        match_category
    from grid
)
select
    'P' || lpad(p::varchar, 7, '0') as person_id,
    ($first_week + w)::integer as week,
    benefit,
    case when benefit in ('KH', 'UH', 'IY') then match_category end as match_category,
    $extract_month as extract_month
from weeks
where benefit is not null
order by person_id, week
