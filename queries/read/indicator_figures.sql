-- Returns indicator figures (raw: discretion is applied afterwards by monitor.core.discretion).
-- Grain: one row per month, unit type, unit and indicator.
-- Parameters (each may be null = no filter): $month, $unit_type, $unit_code, $indicators (list).
with figures as (
    select * from indicator_figures
),
filtered as (
    select *
    from figures
    where ($month is null or month = $month)
      and ($unit_type is null or unit_type = $unit_type)
      and ($unit_code is null or unit_code = $unit_code)
      and ($indicators is null or list_contains($indicators, indicator))
)
select * from filtered
order by month, unit_type, unit_name, indicator
