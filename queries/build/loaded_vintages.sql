-- Returns the extract months that are loaded: each is a vintage (docs/vintages.md).
-- Grain: one row per extract month, ascending. Parameters: none.
with loads as (
    select distinct extract_month as vintage
    from load_log
    where outcome in ('loaded', 'replaced')
)
select vintage from loads
order by vintage
