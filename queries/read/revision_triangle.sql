-- Returns the revision triangle of one indicator for one unit: its value in every vintage for
-- every month the vintage holds (rows = months, columns = vintages when pivoted). Raw:
-- discretion is applied afterwards.
-- Grain: one row per vintage and month. Parameters: $unit_type, $unit_code, $indicator.
with cells as (
    select vintage, month, numerator, denominator, numerator / nullif(denominator, 0) as share
    from vintage_counts
    where unit_type = $unit_type and unit_code = $unit_code and indicator = $indicator
)
select * from cells
order by month, vintage
