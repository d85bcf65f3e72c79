-- Returns per month and vintage whether the figures are published (the disclosure audit
-- passed) and what the secondary suppression hid (cells and persons), with the fingerprint of
-- the counts the pattern was chosen on.
-- Grain: one row per month and vintage.
-- Parameters: $month (null = every month), $vintage (null = every vintage).
with summaries as (
    select month, vintage, published, primary_cells, secondary_cells, secondary_persons,
           message, input_hash
    from discretion_months
    where ($month is null or month = $month) and ($vintage is null or vintage = $vintage)
)
select * from summaries
order by month, vintage
