-- Returns the load that holds an extract month's stored content now (the latest successful
-- load or replacement of that month), if any.
-- Grain: zero or one row. Parameters: $extract_month.
with loads as (
    select files, row_counts, loaded_at, rowid as seq  -- the log is append-only: rowid = load order
    from load_log
    where extract_month = $extract_month
      and outcome in ('loaded', 'replaced')
),
latest as (
    select * from loads order by seq desc limit 1
)
select files, row_counts, loaded_at from latest
