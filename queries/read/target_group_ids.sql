-- Returns the ids of the gross target group, sorted (for the benchmark's cross-check and
-- tests only; never shown). Grain: one row per person in G. Parameters: none.
with members as (
    select person_id from target_group
)
select person_id from members
order by person_id
