-- Returns the first published and the latest value of every indicator of a month: the value
-- in vintage $first_vintage (the first vintage holding the month) and in $latest_vintage.
-- Raw: discretion is applied afterwards.
-- Grain: one row per unit and indicator of the month.
-- Parameters: $month, $first_vintage, $latest_vintage, $unit_type (null = every unit type).
with
firsts as (
    select * from vintage_counts
    where vintage = $first_vintage and month = $month
      and ($unit_type is null or unit_type = $unit_type)
),
latests as (
    select * from vintage_counts
    where vintage = $latest_vintage and month = $month
      and ($unit_type is null or unit_type = $unit_type)
),
paired as (
    select
        $month as month,
        coalesce(l.unit_type, f.unit_type) as unit_type,
        coalesce(l.unit_code, f.unit_code) as unit_code,
        coalesce(l.unit_name, f.unit_name) as unit_name,
        coalesce(l.indicator, f.indicator) as indicator,
        $first_vintage as first_vintage,
        f.numerator as first_numerator,
        f.denominator as first_denominator,
        f.numerator / nullif(f.denominator, 0) as first_share,
        $latest_vintage as latest_vintage,
        l.numerator as latest_numerator,
        l.denominator as latest_denominator,
        l.numerator / nullif(l.denominator, 0) as latest_share
    from firsts as f
    full join latests as l using (unit_type, unit_code, indicator)
)
select * from paired
order by unit_type, unit_code, indicator
