-- Merges the validated rows of one extract (registered as the view `staged`) into persons.
-- Grain: one row per key (person_id + extract month). A staged row replaces a stored row with the same key
-- when it comes from the same or a later extract month, whatever the load order; a stored
-- row from a later extract month is kept.
-- Parameters: none (the extract month is a column of `staged`).
merge into persons as t
using staged as s
on (t.person_id = s.person_id and t.extract_month = s.extract_month)
when matched and t.extract_month <= s.extract_month then update set person_id = s.person_id, municipality_code = s.municipality_code, birth_year = s.birth_year, sex = s.sex, integration_programme_end = s.integration_programme_end, extract_month = s.extract_month
when not matched then insert (person_id, municipality_code, birth_year, sex, integration_programme_end, extract_month) values (s.person_id, s.municipality_code, s.birth_year, s.sex, s.integration_programme_end, s.extract_month)
