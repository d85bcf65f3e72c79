-- Builds `instalments`: the instalment states of the latest vintage, from the registered
-- frame `computed_instalments` (queries/instalment_states.sql for the latest vintage).
-- Grain: one row per participating municipality and instalment. Parameters: none.
create or replace table instalments as
with computed as (
    select * from computed_instalments
)
select * from computed
