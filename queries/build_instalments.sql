-- Builds `instalments`: each participating municipality's grant and the state of each
-- instalment in the latest month L, with the distance to each unmet condition.
-- Grain: one row per participating municipality and instalment.
-- Rules (indicators.md): grant = pool x the municipality's share of G at R, whole kroner,
-- largest remainders so the grants add up to the pool; instalment 1 at the grant month;
-- instalment 2 when the visited share is 100 % (due in that month or not_before, whichever is
-- later); instalment 3 when the activity share was >= threshold in $consecutive months in a
-- row (due in the last of them or not_before). State: paid (due <= L), met_waiting, not_met.
-- Parameters: $pool, $grant_month, $numbers, $percents, $conditions, $not_before (lists, one
-- element per instalment), $threshold, $consecutive.
create or replace table instalments as
with
rules as (
    select
        unnest($numbers) as instalment,
        unnest($percents) as percent,
        unnest($conditions) as condition,
        unnest($not_before) as not_before
),
cumulative_rules as (
    select
        *,
        sum(percent) over (order by instalment) as percent_to,
        sum(percent) over (order by instalment) - percent as percent_before
    from rules
),
latest as (
    select max(month) as latest_month from indicator_figures
),
members_at_reference as (
    select municipality_code, count(*) as persons
    from target_group
    group by municipality_code
),
exact_grants as (
    select
        m.municipality_code,
        m.municipality_name,
        m.star_office_code as star_office,
        $pool * coalesce(g.persons, 0) / nullif(sum(coalesce(g.persons, 0)) over (), 0) as exact
    from municipalities as m
    left join members_at_reference as g using (municipality_code)
    where m.participating
),
floored as (
    select *, floor(coalesce(exact, 0))::bigint as base, coalesce(exact, 0) - floor(coalesce(exact, 0)) as remainder
    from exact_grants
),
ranked as (
    select
        *,
        row_number() over (order by remainder desc, municipality_code) as remainder_rank,
        $pool - sum(base) over () as leftover
    from floored
),
grants as (
    select
        municipality_code, municipality_name, star_office,
        base + case when remainder_rank <= leftover and exact is not null then 1 else 0 end as grant_dkk
    from ranked
),
municipality_figures as (
    select unit_code::integer as municipality_code, month, indicator, numerator, denominator, share
    from indicator_figures
    where unit_type = 'municipality' and indicator in ('visited', 'activity', 'effort_group')
),
visitation_met as (
    select municipality_code, min(month) as condition_month
    from municipality_figures
    where indicator = 'visited' and denominator > 0 and numerator = denominator
    group by municipality_code
),
activity_months as (
    select municipality_code, month, coalesce(share >= $threshold, false) as met
    from municipality_figures
    where indicator = 'activity'
),
activity_breaks as (
    select *, sum(case when met then 0 else 1 end) over (partition by municipality_code order by month) as breaks
    from activity_months
),
activity_runs as (
    select
        *,
        case when met then sum(met::integer) over (partition by municipality_code, breaks order by month) else 0 end as run_months
    from activity_breaks
),
activity_met as (
    select municipality_code, min(month) as condition_month
    from activity_runs
    where run_months >= $consecutive
    group by municipality_code
),
distance_now as (
    select
        g.municipality_code,
        any_value(v.denominator - v.numerator) as not_visited,
        any_value(r.run_months) as run_months,
        any_value(greatest(0, ceil($threshold * a.denominator - 1e-9)::bigint - a.numerator)) as shortfall
    from grants as g
    cross join latest as l
    left join municipality_figures as v
        on v.municipality_code = g.municipality_code and v.month = l.latest_month and v.indicator = 'visited'
    left join municipality_figures as a
        on a.municipality_code = g.municipality_code and a.month = l.latest_month and a.indicator = 'activity'
    left join activity_runs as r
        on r.municipality_code = g.municipality_code and r.month = l.latest_month
    group by g.municipality_code
),
states as (
    select
        g.municipality_code,
        g.municipality_name,
        g.star_office,
        g.grant_dkk,
        c.instalment,
        c.percent,
        round(g.grant_dkk * c.percent_to / 100.0)::bigint - round(g.grant_dkk * c.percent_before / 100.0)::bigint as amount_dkk,
        case c.condition
            when 'grant' then $grant_month
            when 'visitation' then vm.condition_month
            when 'activity' then am.condition_month
        end as condition_month,
        c.not_before,
        c.condition,
        l.latest_month,
        d.not_visited,
        d.run_months,
        d.shortfall
    from grants as g
    cross join cumulative_rules as c
    cross join latest as l
    left join visitation_met as vm using (municipality_code)
    left join activity_met as am using (municipality_code)
    left join distance_now as d using (municipality_code)
)
select
    municipality_code,
    municipality_name,
    star_office,
    grant_dkk,
    instalment,
    percent,
    amount_dkk,
    case
        when condition_month is null then 'not_met'
        when greatest(condition_month, not_before) <= latest_month then 'paid'
        else 'met_waiting'
    end as state,
    case when condition_month is not null then greatest(condition_month, not_before) end as due_month,
    condition_month,
    case when condition = 'visitation' and condition_month is null then not_visited end as not_visited,
    case when condition = 'activity' then coalesce(run_months, 0)::integer end as run_months,
    case when condition = 'activity' and condition_month is null then shortfall end as shortfall
from states
order by municipality_name, instalment
