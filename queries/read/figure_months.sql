-- Returns the monitored months that have figures, ascending.
-- Grain: one row per month. Parameters: none.
with months as (
    select distinct month from indicator_counts
)
select month from months
order by month
