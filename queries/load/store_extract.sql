-- Stores the validated rows of one extract (registered as the views staged_persons,
-- staged_benefits, staged_markings, staged_offers, staged_hours, each with its extract_month)
-- as new versions, replacing whatever that extract month held before (a first load: nothing;
-- a load with --replace: the earlier content of the month). Versions of other extract months
-- are never touched; valid_to is set afterwards (revalidate_versions.sql).
-- Grain: one row per key and extract month. Parameters: $extract_month.
delete from persons where extract_month = $extract_month;
delete from benefits where extract_month = $extract_month;
delete from markings where extract_month = $extract_month;
delete from offers where extract_month = $extract_month;
delete from hours where extract_month = $extract_month;
insert into persons by name (select * from staged_persons);
insert into benefits by name (select * from staged_benefits);
insert into markings by name (select * from staged_markings);
insert into offers by name (select * from staged_offers);
insert into hours by name (select * from staged_hours);
