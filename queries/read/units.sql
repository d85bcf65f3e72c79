-- Returns the units of one unit type (participating municipalities and what they make up).
-- Grain: one row per unit. Parameters: $unit_type.
with members as (
    select * from unit_members where unit_type = $unit_type
),
units as (
    select unit_code, any_value(unit_name) as unit_name, any_value(star_office) as star_office
    from members
    group by unit_code
)
select * from units
order by unit_name
