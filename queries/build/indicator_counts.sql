-- Returns the raw numerators and denominators of every indicator (before comparison).
-- Grain: one row per month, unit type, unit and indicator. Parameters: none.
with counts as (
    select * from indicator_counts
)
select * from counts
