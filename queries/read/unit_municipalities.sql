-- Returns the municipalities that make up one unit.
-- Grain: one row per municipality. Parameters: $unit_type, $unit_code.
with members as (
    select municipality_code from unit_members where unit_type = $unit_type and unit_code = $unit_code
)
select municipality_code from members
order by municipality_code
