-- Appends one follow-up entry and its agreed actions (version 1 each; the registered frame
-- `staged_actions`: action_no, text, due_date, status). Grain: one entry row, one row per action.
-- Parameters: $entry_id, $municipality_code, $star_office, $followup_date, $kind, $text,
-- $shared, $author, $author_role, $written_at.
insert into followup_entries
select $entry_id, $municipality_code, $star_office, $followup_date, $kind, $text, $shared, $author,
       $author_role, $written_at;

insert into followup_actions
with staged as (
    select action_no, text, due_date, status from staged_actions
)
select $entry_id, action_no, text, due_date, status, 1, $author, $written_at
from staged
