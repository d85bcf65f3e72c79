-- Returns the names of the tables in the database (to tell an empty database from a loaded
-- one). Grain: one row per table. Parameters: none.
with tables as (
    select table_name from information_schema.tables where table_schema = 'main'
)
select table_name from tables
