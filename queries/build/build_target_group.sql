-- Builds `target_group`: the gross target group G, fixed at the reference week R.
-- Grain: one row per person in G, with their municipality at R.
-- Rule (indicators.md): in week R a cash-system week with the required match category; the
-- cash-system spell running at R has lasted at least $min_weeks weeks, following it back
-- through gaps of at most $max_gap weeks without a cash-system week, weeks up to and including
-- the week of integration_programme_end not counting; the municipality at R takes part.
-- Method (docs/target-group.md): one bit string per person over the window of
-- $min_weeks + $max_gap weeks ending at R; weeks up to the integration cut are set to 0; the
-- person qualifies when R is a cash week after the cut and the weeks before R hold no run of
-- $max_gap + 1 zeros. The bit strings are built ahead, per person and
-- vintage, when the benefit rows change (build_spell_versions.sql, derive.refresh_spells).
-- Reads the data of the vintage set by set_vintage.sql (a constant, so the scans can skip by
-- statistics; a bound parameter would be evaluated row by row).
-- Parameters: $reference_week (week index), $reference_month (YYYY-MM of R), $min_weeks,
-- $max_gap, $non_participating.
create or replace table target_group as
with
spell_bits as (
    -- bit i (1-based) is week R - $min_weeks - $max_gap + i; the last bit is R itself; kept per
    -- person and vintage in spell_versions (build_spell_versions.sql), read for this vintage
    select person_id, bits::varchar as bits, at_reference
    from spell_versions
    where extract_month <= getvariable('vintage')
      and (valid_to is null or valid_to > getvariable('vintage'))
),
integration_end as (
    -- the latest snapshot's value, as a week index
    select
        person_id,
        (arg_max(integration_programme_end, extract_month) - date '1970-01-05') // 7 as last_cut_week
    from persons_at(getvariable('vintage'))
    group by person_id
),
municipality_at_reference as (
    -- the snapshot of R's month, else the earliest later snapshot that lists the person
    select person_id, arg_min(municipality_code, extract_month) as municipality_code
    from persons_at(getvariable('vintage'))
    where extract_month >= $reference_month
    group by person_id
),
with_cut as (
    select
        s.person_id,
        s.bits,
        m.municipality_code,
        -- number of leading weeks of the window at or before the integration cut
        least(
            greatest(coalesce(i.last_cut_week, -1) - ($reference_week - $min_weeks - $max_gap), 0),
            $min_weeks + $max_gap
        )::integer as cut_weeks
    from spell_bits as s
    join municipality_at_reference as m on m.person_id = s.person_id
    left join integration_end as i on i.person_id = s.person_id
    where s.at_reference
),
qualified as (
    select person_id, municipality_code
    from with_cut
    where cut_weeks < $min_weeks + $max_gap
      and not contains(
          repeat('0', cut_weeks) || substr(bits, cut_weeks + 1, $min_weeks + $max_gap - 1 - cut_weeks),
          repeat('0', $max_gap + 1)
      )
      and not list_contains($non_participating, municipality_code)
)
select * from qualified
