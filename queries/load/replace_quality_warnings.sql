-- Replaces the data-quality warnings of one extract month with those of its latest load
-- (registered as the view `staged_warnings`).
-- Grain: one row per warning. Parameters: $extract_month.
delete from quality_warnings where extract_month = $extract_month;
insert into quality_warnings select * from staged_warnings;
