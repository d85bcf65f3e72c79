-- Returns the record of writes to the follow-up log, newest first.
-- Grain: one row per write. Parameters: none.
with writes as (
    select * from followup_writes
)
select written_at, user_name, role, action, entry_id, municipality_code from writes
order by written_at desc
