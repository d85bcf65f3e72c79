-- Returns the data-quality warnings of the stored extracts (file, row, column, rule; never a
-- person id). Grain: one row per warning. Parameters: none.
with warnings as (
    select extract_month, table_name, row_number, column_name, rule from quality_warnings
)
select * from warnings
order by extract_month desc, table_name, row_number
