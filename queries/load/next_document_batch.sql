-- Returns the number of the next documents batch (one batch per load or page entry).
-- Grain: one row. Parameters: none.
with batches as (
    select max(batch) as last_batch from documents
)
select coalesce(last_batch, 0) + 1 as batch from batches
