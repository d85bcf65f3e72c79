-- Records the instalment decisions of a vintage: every condition that the registered frame
-- `evaluated` (instalment_conditions of that vintage) shows met, for a municipality and
-- instalment that has no decision yet, with the date of the account it stood on (instalment 2).
-- A recorded decision is never changed or removed.
-- Grain: one row per municipality and instalment (at most one decision each).
-- Parameters: $vintage (the vintage evaluated), $decided_at (timestamp of the load).
insert into instalment_decisions
with
met as (
    select municipality_code, instalment, condition_month, due_month, account_date
    from evaluated
    where condition_month is not null
),
new_decisions as (
    select m.*
    from met as m
    anti join instalment_decisions as d
        on d.municipality_code = m.municipality_code and d.instalment = m.instalment
)
select
    municipality_code, instalment, condition_month, due_month,
    $vintage as decided_vintage, $decided_at as decided_at, account_date
from new_decisions
