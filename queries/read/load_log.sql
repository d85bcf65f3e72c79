-- Returns the load log, newest first (no person-level content: file checksums, row counts,
-- outcome and the rejection report, which never echoes person ids).
-- Grain: one row per load attempt. Parameters: none.
with log as (
    select extract_month, folder, loaded_at, outcome, files, row_counts, message from load_log
)
select * from log
order by loaded_at desc, extract_month desc
