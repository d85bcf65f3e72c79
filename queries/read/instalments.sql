-- Returns the instalment states (raw: discretion applied afterwards).
-- Grain: one row per participating municipality and instalment. Parameters: none.
with states as (
    select * from instalments
)
select * from states
order by municipality_name, instalment
