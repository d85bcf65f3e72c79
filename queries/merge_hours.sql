-- Merges the validated rows of one extract (registered as the view `staged`) into hours.
-- Grain: one row per key (person_id + month). A staged row replaces a stored row with the same key
-- when it comes from the same or a later extract month, whatever the load order; a stored
-- row from a later extract month is kept.
-- Parameters: none (the extract month is a column of `staged`).
merge into hours as t
using staged as s
on (t.person_id = s.person_id and t.month = s.month)
when matched and t.extract_month <= s.extract_month then update set person_id = s.person_id, month = s.month, ordinary_hours = s.ordinary_hours, extract_month = s.extract_month
when not matched then insert (person_id, month, ordinary_hours, extract_month) values (s.person_id, s.month, s.ordinary_hours, s.extract_month)
