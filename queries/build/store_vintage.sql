-- Stores the figures of one vintage, replacing what was stored for it: the indicator counts
-- just built (indicator_counts) and, per participating municipality, its members of the
-- vintage's gross target group at R (target_group; the basis of the grants).
-- Grain: vintage_counts one row per vintage, month, unit and indicator; vintage_grants one
-- row per vintage and participating municipality.
-- Parameters: $vintage (an extract month).
delete from vintage_counts where vintage = $vintage;
insert into vintage_counts
with counts as (
    select month, unit_type, unit_code, unit_name, star_office, indicator, numerator, denominator
    from indicator_counts
)
select $vintage as vintage, * from counts;
delete from vintage_grants where vintage = $vintage;
insert into vintage_grants
with members as (
    select m.municipality_code, count(g.person_id) as persons
    from municipalities as m
    left join target_group as g using (municipality_code)
    where m.participating
    group by m.municipality_code
)
select $vintage as vintage, municipality_code, persons from members;
