-- Returns the stored suppression patterns: the hidden count cells (unit, cell) of a month as
-- chosen on a vintage, and why (`primary` = 1 or 2 persons, `secondary` = hidden so nothing
-- can be recovered).
-- Grain: one row per month, vintage, unit and hidden cell.
-- Parameters (null = every): $month, $vintage, $unit_type, $unit_code.
with hidden as (
    select month, vintage, unit_type, unit_code, cell, value, suppression
    from discretion_pattern
    where ($month is null or month = $month) and ($vintage is null or vintage = $vintage)
      and ($unit_type is null or unit_type = $unit_type) and ($unit_code is null or unit_code = $unit_code)
)
select * from hidden
order by month, vintage, unit_type, unit_code, cell
