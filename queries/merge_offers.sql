-- Merges the validated rows of one extract (registered as the view `staged`) into offers.
-- Grain: one row per key (person_id + offer_type + from_date). A staged row replaces a stored row with the same key
-- when it comes from the same or a later extract month, whatever the load order; a stored
-- row from a later extract month is kept.
-- Parameters: none (the extract month is a column of `staged`).
merge into offers as t
using staged as s
on (t.person_id = s.person_id and t.offer_type = s.offer_type and t.from_date = s.from_date)
when matched and t.extract_month <= s.extract_month then update set person_id = s.person_id, offer_type = s.offer_type, from_date = s.from_date, to_date = s.to_date, extract_month = s.extract_month
when not matched then insert (person_id, offer_type, from_date, to_date, extract_month) values (s.person_id, s.offer_type, s.from_date, s.to_date, s.extract_month)
