-- Builds `municipalities` (reference data with the participation flag) and `unit_members`
-- (which municipality belongs to which unit of each unit type).
-- Grain: municipalities one row per municipality; unit_members one row per unit type, unit
-- and participating municipality (only participating municipalities form units).
-- Parameters: $non_participating (list of municipality codes). Reads the registered view
-- `reference_municipalities` (data/reference/municipalities.csv).
create or replace table municipalities as
with reference_rows as (
    select * from reference_municipalities
)
select
    municipality_code,
    municipality_name,
    region_name,
    star_office,
    star_office_code,
    jobcentre_code,
    jobcentre_name,
    population_2019,
    not list_contains($non_participating, municipality_code) as participating
from reference_rows;

create or replace table unit_members as
with participating as (
    select * from municipalities where participating
),
by_jobcentre as (
    select 'jobcentre' as unit_type, jobcentre_code::varchar as unit_code, jobcentre_name as unit_name,
           star_office_code as star_office, municipality_code
    from participating
),
by_municipality as (
    select 'municipality', municipality_code::varchar, municipality_name, star_office_code, municipality_code
    from participating
),
by_star_office as (
    select 'star_office', star_office_code, 'Arbejdsmarkedskontor ' || star_office, star_office_code, municipality_code
    from participating
),
by_country as (
    select 'country', 'DK', 'Hele landet', null, municipality_code
    from participating
)
select * from by_jobcentre
union all select * from by_municipality
union all select * from by_star_office
union all select * from by_country;
