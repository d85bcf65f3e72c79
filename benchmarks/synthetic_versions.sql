-- Adds a second extract to the synthetic national benefit history (synthetic_benefits.sql),
-- as a real later extract would: extract month $later_month restates one week before R for
-- 2 % of the persons (a cash week without benefit after all, or a missing week with cash
-- benefit), and the restated keys' earlier versions get valid_to = $later_month. The earlier
-- extract month is then an earlier vintage.
-- Grain: one row per restated person-week. Parameters: $later_month, $reference_week, $seed.
create or replace temporary table restated as
with
chosen as (
    select person_id, hash(person_id, $seed) as h
    from persons
    where hash(person_id, $seed) % 50 = 0
),
weeks as (
    select person_id, ($reference_week - 1 - (h >> 8) % 250)::integer as week, (h >> 20) % 2 = 0 as to_cash
    from chosen
)
select
    w.person_id,
    w.week,
    case when b.benefit in ('KH', 'UH', 'IY') then 'NO' else 'KH' end as benefit,
    case when b.benefit in ('KH', 'UH', 'IY') then null else 'A' end as match_category,
    $later_month as extract_month
from weeks as w
left join benefits as b on b.person_id = w.person_id and b.week = w.week;
update benefits as b
set valid_to = $later_month
from restated as r
where b.person_id = r.person_id and b.week = r.week;
insert into benefits by name (select * from restated);
insert into persons by name (select * exclude (extract_month), $later_month as extract_month from persons);
