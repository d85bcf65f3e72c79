-- Returns which municipalities make up every unit (the hierarchy secondary suppression needs).
-- Grain: one row per unit and municipality. Parameters: none.
with members as (
    select unit_type, unit_code, municipality_code from unit_members
)
select unit_type, unit_code, municipality_code from members
order by unit_type, unit_code, municipality_code
