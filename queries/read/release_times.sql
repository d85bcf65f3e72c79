-- Returns the release time set for each month that has one (the latest change holds; SQLite).
-- Grain: one row per month. Parameters: none.
with ranked as (
    select month, release_at, set_at, set_by, role,
           row_number() over (partition by month order by set_at desc, rowid desc) as n
    from release_times
)
select month, release_at, set_at, set_by, role
from ranked
where n = 1
order by month
