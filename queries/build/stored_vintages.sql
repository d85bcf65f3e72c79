-- Returns the vintages whose indicator counts are stored (vintage_counts).
-- Grain: one row per vintage, ascending. Parameters: none.
with stored as (
    select distinct vintage from vintage_grants
)
select vintage from stored
order by vintage
