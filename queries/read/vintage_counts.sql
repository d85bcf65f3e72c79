-- Returns the raw indicator counts of one vintage, up to a month (figures as of a vintage are
-- computed from them; discretion is applied afterwards).
-- Grain: one row per month, unit type, unit and indicator. Parameters: $vintage, $last_month.
with counts as (
    select month, unit_type, unit_code, unit_name, star_office, indicator, numerator, denominator
    from vintage_counts
    where vintage = $vintage and month <= $last_month
)
select * from counts
order by month, unit_type, unit_code, indicator
