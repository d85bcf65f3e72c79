-- Records one write to the follow-up log (no text, no person data). Grain: one row.
-- Parameters: $written_at, $user_name, $role, $action, $entry_id, $municipality_code.
insert into followup_writes
select $written_at, $user_name, $role, $action, $entry_id, $municipality_code
