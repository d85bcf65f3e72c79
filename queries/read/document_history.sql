-- Returns every documents entry of one municipality (or all, when $municipality_code is null),
-- newest first, with a flag telling which entry holds now.
-- Grain: one row per entry. Parameters: $municipality_code (integer or null).
with entries as (
    select
        *,
        row_number() over (partition by municipality_code, document order by batch desc) = 1 as holds
    from documents
    where $municipality_code is null or municipality_code = $municipality_code
)
select municipality_code, document, received_date, endorsement, batch, entered_at, entered_by, source, holds
from entries
order by municipality_code, document, batch desc
