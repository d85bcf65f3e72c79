-- Returns each participating municipality's grant (to check the endorsement of its final
-- account). Grain: one row per participating municipality. Parameters: none.
with firsts as (
    select municipality_code, grant_dkk from instalments where instalment = 1
)
select municipality_code, grant_dkk from firsts
order by municipality_code
