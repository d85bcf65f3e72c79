-- Merges the validated rows of one extract (registered as the view `staged`) into benefits.
-- Grain: one row per key (person_id + week). A staged row replaces a stored row with the same key
-- when it comes from the same or a later extract month, whatever the load order; a stored
-- row from a later extract month is kept.
-- Parameters: none (the extract month is a column of `staged`).
merge into benefits as t
using staged as s
on (t.person_id = s.person_id and t.week = s.week)
when matched and t.extract_month <= s.extract_month then update set person_id = s.person_id, week = s.week, benefit = s.benefit, match_category = s.match_category, extract_month = s.extract_month
when not matched then insert (person_id, week, benefit, match_category, extract_month) values (s.person_id, s.week, s.benefit, s.match_category, s.extract_month)
