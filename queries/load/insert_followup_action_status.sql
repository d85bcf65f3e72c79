-- Appends a new version of one action with another status (text and due date carried over).
-- Grain: one row. Parameters: $entry_id, $action_no, $status, $author, $written_at.
insert into followup_actions
with latest as (
    select *
    from followup_actions
    where entry_id = $entry_id and action_no = $action_no
    qualify row_number() over (order by version desc) = 1
)
select entry_id, action_no, text, due_date, $status, version + 1, $author, $written_at
from latest
