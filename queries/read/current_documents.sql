-- Returns the documents as they hold now: per municipality and document the entry of the
-- latest batch (earlier entries are corrected ones, kept in `documents`).
-- Grain: one row per municipality and document received. Parameters: none.
with ranked as (
    select
        *,
        row_number() over (partition by municipality_code, document order by batch desc) as recency,
        count(*) over (partition by municipality_code, document) as entries
    from documents
)
select municipality_code, document, received_date, endorsement, entered_at, entered_by, source, entries
from ranked
where recency = 1
order by municipality_code, document
