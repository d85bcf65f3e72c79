-- Builds `target_group`: the gross target group G, fixed at the reference week R.
-- Grain: one row per person in G, with their municipality at R.
-- Rule (indicators.md): in week R a cash-system week with the required match category; the
-- cash-system spell running at R has lasted at least $min_weeks weeks, following it back
-- through gaps of at most $max_gap weeks without a cash-system week, weeks up to and including
-- the week of integration_programme_end not counting; the municipality at R takes part.
-- Equivalent test used here: within the $max_gap + $min_weeks - 1 weeks before R, after the
-- integration cut, no run of $max_gap + 1 weeks without a cash-system week (one bit string
-- per person, one aggregate; see docs/target-group.md).
-- Parameters: $reference_week (week index), $reference_month (YYYY-MM of R), $min_weeks,
-- $max_gap, $cash (list of cash-system benefit codes), $match_category, $non_participating.
create or replace table target_group as
with
at_reference as (
    select person_id
    from benefits
    where week = $reference_week
      and list_contains($cash, benefit)
      and match_category = $match_category
),
integration_end as (
    -- the latest snapshot's value, as a week index
    select
        person_id,
        (arg_max(integration_programme_end, extract_month) - date '1970-01-05') // 7 as last_cut_week
    from persons
    group by person_id
),
municipality_at_reference as (
    -- the snapshot of R's month, else the earliest later snapshot that lists the person
    select person_id, arg_min(municipality_code, extract_month) as municipality_code
    from persons
    where extract_month >= $reference_month
    group by person_id
),
candidates as (
    select a.person_id, i.last_cut_week
    from at_reference as a
    left join integration_end as i using (person_id)
    where i.last_cut_week is null or i.last_cut_week < $reference_week
),
window_weeks as (
    select b.person_id, b.week
    from benefits as b
    join candidates as c using (person_id)
    where b.week between $reference_week - $min_weeks + 1 - $max_gap and $reference_week - 1
      and list_contains($cash, b.benefit)
      and (c.last_cut_week is null or b.week > c.last_cut_week)
),
spell_bits as (
    select
        person_id,
        bitstring_agg(week, $reference_week - $min_weeks + 1 - $max_gap, $reference_week - 1)::varchar as bits
    from window_weeks
    group by person_id
),
qualified as (
    select s.person_id, m.municipality_code
    from spell_bits as s
    join municipality_at_reference as m using (person_id)
    where not contains(s.bits, repeat('0', $max_gap + 1))
      and not list_contains($non_participating, m.municipality_code)
)
select * from qualified
