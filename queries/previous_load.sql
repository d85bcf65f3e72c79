-- Returns the earlier successful loads of the same extract month with identical files.
-- Grain: one row per earlier load.
-- Parameters: $extract_month, $files (json of file name -> sha256).
with earlier as (
    select extract_month, loaded_at
    from load_log
    where extract_month = $extract_month
      and files = $files
      and outcome in ('loaded', 'unchanged')
)
select * from earlier
