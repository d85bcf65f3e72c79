-- Returns the latest extract month whose persons snapshot is stored.
-- Grain: one row. Parameters: none.
with snapshots as (
    select max(extract_month) as latest_month from persons
)
select latest_month from snapshots
