-- Returns the settings of the target-group rule that spell_versions was built with (json), if any.
-- Grain: at most one row. Parameters: none.
with stored as (
    select parameters from spell_parameters
)
select parameters from stored
