-- Returns, for one vintage, each participating municipality's instalment conditions as that
-- vintage shows them: the first month the condition is met, and the distance to it in the
-- vintage's latest month.
-- Grain: one row per participating municipality (of vintage_grants) and instalment.
-- Rules (indicators.md, Money; administration.md): instalment 1 is met at the grant month;
-- instalment 2 when the visited share is 100 % AND the account for instalment 1 is received
-- (the instalment's required document, from the documents register: the entry that holds),
-- in the later of the two months; instalment 3 in the first month closing a run of
-- $consecutive months with an activity share >= $threshold.
-- due_month is the condition month or the instalment's not-before month, whichever is later.
-- awaiting_account: the visitation part is met but the required document is missing.
-- Parameters: $vintage (an extract month), $grant_month, $numbers, $conditions, $not_before,
-- $documents (lists, one element per instalment; '' = no document required), $threshold,
-- $consecutive, $documents_until (a date: only documents received by then count; null = all).
with
rules as (
    select
        unnest($numbers) as instalment,
        unnest($conditions) as condition,
        unnest($not_before) as not_before,
        unnest($documents) as required_document
),
held_documents as (
    select municipality_code, document, received_date, strftime(received_date, '%Y-%m') as received_month
    from documents
    where $documents_until is null or received_date <= cast($documents_until as date)
    qualify row_number() over (partition by municipality_code, document order by batch desc) = 1
),
municipalities_of_vintage as (
    select municipality_code from vintage_grants where vintage = $vintage
),
municipality_figures as (
    select unit_code::integer as municipality_code, month, indicator, numerator, denominator,
           numerator / nullif(denominator, 0) as share
    from vintage_counts
    where vintage = $vintage and unit_type = 'municipality' and indicator in ('visited', 'activity')
),
last_month as (
    select max(month) as month from municipality_figures
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
        m.municipality_code,
        any_value(v.denominator - v.numerator) as not_visited,
        any_value(r.run_months) as run_months,
        any_value(greatest(0, ceil($threshold * a.denominator - 1e-9)::bigint - a.numerator)) as shortfall
    from municipalities_of_vintage as m
    cross join last_month as l
    left join municipality_figures as v
        on v.municipality_code = m.municipality_code and v.month = l.month and v.indicator = 'visited'
    left join municipality_figures as a
        on a.municipality_code = m.municipality_code and a.month = l.month and a.indicator = 'activity'
    left join activity_runs as r
        on r.municipality_code = m.municipality_code and r.month = l.month
    group by m.municipality_code
),
evaluated as (
    select
        m.municipality_code,
        c.instalment,
        c.condition,
        case c.condition
            when 'grant' then $grant_month
            when 'visitation' then vm.condition_month
            when 'activity' then am.condition_month
        end as part_month,
        c.required_document,
        h.received_date as document_date,
        h.received_month as document_month,
        c.not_before,
        d.not_visited,
        d.run_months,
        d.shortfall
    from municipalities_of_vintage as m
    cross join rules as c
    left join visitation_met as vm using (municipality_code)
    left join activity_met as am using (municipality_code)
    left join distance_now as d using (municipality_code)
    left join held_documents as h
        on h.municipality_code = m.municipality_code and h.document = c.required_document
),
with_documents as (
    select
        *,
        case
            when required_document = '' then part_month
            when part_month is null or document_month is null then null
            else greatest(part_month, document_month)
        end as condition_month,
        required_document <> '' and part_month is not null and document_month is null as awaiting_account,
        case when required_document <> '' then document_date end as account_date
    from evaluated
)
select
    municipality_code, instalment, condition, condition_month,
    case when condition_month is not null then greatest(condition_month, not_before) end as due_month,
    not_visited, run_months, shortfall, awaiting_account, account_date
from with_documents
order by municipality_code, instalment
