-- Appends one checked batch of documents (the registered frame `staged_documents`:
-- municipality_code, document, received_date, endorsement). Nothing is updated or deleted:
-- a correction is a later batch. Grain: one row per row of the batch.
-- Parameters: $batch, $entered_at, $entered_by, $source.
insert into documents
with staged as (
    select municipality_code, document, received_date, endorsement from staged_documents
)
select municipality_code, document, received_date, endorsement, $batch, $entered_at, $entered_by, $source
from staged
