-- Builds `person_month`: the status of every member of the gross target group in every
-- monitored month in which the month's persons snapshot lists them.
-- Grain: one row per person in G and month (persons absent from the month's snapshot are
-- outside that month's figures). Never leaves the core: only aggregates do.
-- Reads the data of the vintage set by set_vintage.sql. A temporary table: only
-- build_indicator_counts.sql reads it, in the same session, so it is never written to the
-- database file (databases built before keep no copy either).
-- Parameters: $first_month, $last_month (YYYY-MM), $cash, $counts_as_benefit,
-- $job_education_flexjob (benefit code lists), $company_offers, $active_offers (offer code
-- lists), $bands (months in group 2 that split the waiting, e.g. [3, 6, 9]).
drop table if exists main.person_month;
create or replace temporary table person_month as
with
months as (
    select
        strftime(m, '%Y-%m') as month,
        m::date as d0,
        (m + interval 1 month - interval 1 day)::date as d1
    from range(strptime($first_month, '%Y-%m'), strptime($last_month, '%Y-%m') + interval 1 month, interval 1 month) as t(m)
),
month_weeks as (
    -- the last week of M is the week whose Thursday is the last Thursday of M
    select *, (d1 - ((isodow(d1) + 3) % 7)::integer - date '1970-01-08') // 7 as last_week
    from months
),
members as (
    -- `member` numbers the person-months, so the status parts below group and join on one
    -- integer rather than on (person_id, month) text
    select row_number() over () as member, g.person_id, m.month, m.d0, m.d1, m.last_week, p.municipality_code
    from target_group as g
    join persons_at(getvariable('vintage')) as p on p.person_id = g.person_id
    join month_weeks as m on m.month = p.extract_month
),
group_status as (
    select
        mb.member,
        arg_max(k.marking, (k.from_date, k.marking))
            filter (where coalesce(k.to_date, mb.d1) >= mb.d1) as current_group,
        max(k.from_date) filter (where coalesce(k.to_date, mb.d1) >= mb.d1) as current_from,
        bool_or(k.marking = 'FSM1') as ever_group_1,
        bool_or(k.marking = 'FSM2') as ever_group_2
    from members as mb
    join markings_at(getvariable('vintage')) as k on k.person_id = mb.person_id
    where k.marking in ('FSM1', 'FSM2', 'FSM3')
      and k.from_date <= mb.d1
    group by mb.member
),
support_status as (
    select
        mb.member,
        bool_or(k.marking = 'PJF') as job_broker,
        bool_or(k.marking = 'FRI') as exempt
    from members as mb
    join markings_at(getvariable('vintage')) as k on k.person_id = mb.person_id
    where k.marking in ('PJF', 'FRI')
      and k.from_date <= mb.d1
      and coalesce(k.to_date, mb.d1) >= mb.d1
    group by mb.member
),
offer_status as (
    select
        mb.member,
        bool_or(list_contains($company_offers, o.offer_type)) as company_offer,
        bool_or(list_contains($active_offers, o.offer_type)) as active_offer
    from members as mb
    join offers_at(getvariable('vintage')) as o on o.person_id = mb.person_id
    where o.from_date <= mb.d1
      and coalesce(o.to_date, mb.d0) >= mb.d0
    group by mb.member
),
week_months as (
    -- every week that belongs to a monitored month (its Thursday lies in the month)
    select w::integer as week, strftime(date '1970-01-08' + 7 * w::integer, '%Y-%m') as month
    from month_weeks as m, range(
        (m.d0 + ((11 - isodow(m.d0)) % 7)::integer - date '1970-01-08') // 7,
        m.last_week + 1
    ) as t(w)
),
benefit_status as (
    -- by person and month (joined to members only afterwards, so the weeks of the monitored
    -- months limit the scan of the benefit table)
    select
        b.person_id,
        wm.month,
        bool_or(list_contains($cash, b.benefit)) as cash_week,
        bool_or(list_contains($counts_as_benefit, b.benefit)) as any_benefit_week,
        bool_or(list_contains($job_education_flexjob, b.benefit)) as job_education_week,
        bool_or(list_contains($cash, b.benefit) and b.week = m.last_week) as cash_last_week
    from benefits_at(getvariable('vintage')) as b
    join week_months as wm on wm.week = b.week
    join month_weeks as m on m.month = wm.month
    semi join target_group as g on g.person_id = b.person_id
    group by b.person_id, wm.month
),
hours_status as (
    -- one row per person and month in a vintage (the key of hours)
    select mb.member, h.ordinary_hours
    from hours_at(getvariable('vintage')) as h
    join members as mb on mb.person_id = h.person_id and mb.month = h.month
),
combined as (
    select
        mb.month,
        mb.person_id,
        mb.municipality_code,
        mb.d1,
        gs.member is not null as visited,
        gs.current_group,
        gs.current_from,
        coalesce(gs.ever_group_1, false) as ever_group_1,
        coalesce(gs.ever_group_2, false) as ever_group_2,
        coalesce(ss.job_broker, false) as job_broker,
        coalesce(ss.exempt, false) as exempt,
        coalesce(os.company_offer, false) as company_offer,
        coalesce(os.active_offer, false) as active_offer,
        coalesce(hs.ordinary_hours, 0) as ordinary_hours,
        coalesce(bs.cash_week, false) as cash_week,
        coalesce(bs.any_benefit_week, false) as any_benefit_week,
        coalesce(bs.job_education_week, false) as job_education_week,
        coalesce(bs.cash_last_week, false) as cash_last_week
    from members as mb
    left join group_status as gs on gs.member = mb.member
    left join support_status as ss on ss.member = mb.member
    left join offer_status as os on os.member = mb.member
    left join hours_status as hs on hs.member = mb.member
    left join benefit_status as bs on bs.person_id = mb.person_id and bs.month = mb.month
)
select
    month,
    person_id,
    municipality_code,
    visited,
    current_group,
    current_group = 'FSM1' and not exempt as in_effort_group,
    ever_group_1,
    ever_group_2,
    job_broker,
    company_offer,
    active_offer,
    ordinary_hours,
    cash_week,
    any_benefit_week,
    job_education_week,
    current_group = 'FSM2' and cash_last_week as waiting,
    case
        when current_group <> 'FSM2' then null
        when current_from >= d1 - to_months($bands[1]) then 'g2_waiting_0_3'
        when current_from >= d1 - to_months($bands[2]) then 'g2_waiting_3_6'
        when current_from >= d1 - to_months($bands[3]) then 'g2_waiting_6_9'
        else 'g2_waiting_over_9'
    end as waiting_band
from combined
