-- Returns the id of the next follow-up entry. Grain: one row. Parameters: none.
with ids as (
    select max(entry_id) as last_id from followup_entries
)
select coalesce(last_id, 0) + 1 as entry_id from ids
