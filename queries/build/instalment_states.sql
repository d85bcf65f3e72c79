-- Returns each participating municipality's grant and the state of each instalment as of
-- vintage $vintage, read from the frozen decisions recorded by that vintage, with any flag
-- and the distance to each unmet condition.
-- Grain: one row per participating municipality and instalment.
-- Rules (indicators.md, vintages.md): grant = pool x the municipality's share of the vintage's
-- G at R, whole kroner, largest remainders so the grants add up to the pool. State: `paid`
-- when a decision recorded by the vintage is due in $vintage or earlier, `met_waiting` when
-- it is due later, `not_met` without a decision. Flag: empty when the vintage shows the
-- condition first met in the decision's month, `later_not_met` when it shows it not met,
-- `later_met_in:YYYY-MM` when it shows it first met in another month. Distances come from the
-- registered frame `evaluated` (instalment_conditions of the same vintage); awaiting_account:
-- not decided, visitation met, the account for instalment 1 missing; account_date: the
-- account the decision stood on (or, undecided, the one held now).
-- Parameters: $vintage, $pool, $numbers, $percents (lists, one element per instalment).
with
rules as (
    select unnest($numbers) as instalment, unnest($percents) as percent
),
cumulative_rules as (
    select
        *,
        sum(percent) over (order by instalment) as percent_to,
        sum(percent) over (order by instalment) - percent as percent_before
    from rules
),
exact_grants as (
    select
        g.municipality_code,
        m.municipality_name,
        m.star_office_code as star_office,
        $pool * g.persons / nullif(sum(g.persons) over (), 0) as exact
    from vintage_grants as g
    join municipalities as m using (municipality_code)
    where g.vintage = $vintage
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
decisions as (
    select *
    from instalment_decisions
    where decided_vintage <= $vintage
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
        e.condition,
        e.condition_month as evaluated_month,
        d.condition_month,
        d.due_month,
        d.decided_vintage,
        d.decided_at,
        e.not_visited,
        e.run_months,
        e.shortfall,
        e.awaiting_account,
        coalesce(d.account_date, e.account_date) as account_date
    from grants as g
    cross join cumulative_rules as c
    left join evaluated as e on e.municipality_code = g.municipality_code and e.instalment = c.instalment
    left join decisions as d on d.municipality_code = g.municipality_code and d.instalment = c.instalment
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
        when due_month is null then 'not_met'
        when due_month <= $vintage then 'paid'
        else 'met_waiting'
    end as state,
    due_month,
    condition_month,
    case when condition = 'visitation' and condition_month is null then not_visited end as not_visited,
    case when condition = 'activity' then coalesce(run_months, 0)::integer end as run_months,
    case when condition = 'activity' and condition_month is null then shortfall end as shortfall,
    due_month is null and coalesce(awaiting_account, false) as awaiting_account,
    account_date,
    decided_vintage,
    decided_at,
    case
        when decided_vintage is null or evaluated_month is not distinct from condition_month then ''
        when evaluated_month is null then 'later_not_met'
        else 'later_met_in:' || evaluated_month
    end as flag
from states
order by municipality_name, instalment
