-- Stores the suppression patterns just chosen (monitor.core.pattern_store) for the (month,
-- vintage) pairs in the registered view `computed_discretion_months`, replacing what was
-- stored for those pairs; the hidden cells come from the registered view `computed_pattern`.
-- Patterns of other pairs stay as they were stored, so figures as of an earlier vintage keep
-- the pattern chosen on that vintage.
-- Grain: discretion_pattern one row per month, vintage, unit and hidden cell;
-- discretion_months one row per month and vintage. Parameters: none.
delete from discretion_pattern
where (month, vintage) in (select (month, vintage) from computed_discretion_months);
delete from discretion_months
where (month, vintage) in (select (month, vintage) from computed_discretion_months);
insert into discretion_pattern
with computed as (
    select month, vintage, unit_type, unit_code, cell, value, suppression from computed_pattern
)
select * from computed
order by month, vintage, unit_type, unit_code, cell;
insert into discretion_months
with computed as (
    select month, vintage, published, primary_cells, secondary_cells, secondary_persons,
           message, input_hash
    from computed_discretion_months
)
select * from computed
order by month, vintage
