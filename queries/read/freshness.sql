-- Returns the data date: the latest extract month loaded and when the last successful load
-- happened. Grain: one row. Parameters: none.
with loads as (
    select extract_month, loaded_at
    from load_log
    where outcome in ('loaded', 'replaced')
),
latest as (
    select max(extract_month) as latest_month, max(loaded_at) as loaded_at from loads
)
select latest_month, loaded_at from latest
