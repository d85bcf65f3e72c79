-- Returns the agreed actions as they stand (latest version), with their entry's municipality,
-- office and sharing, for the entries a reader may see.
-- Grain: one row per action. Parameters: $municipality_codes (list, null = all), $shared_only.
with latest as (
    select *
    from followup_actions
    qualify row_number() over (partition by entry_id, action_no order by version desc) = 1
),
visible as (
    select
        e.municipality_code, e.star_office, e.shared, e.followup_date, e.kind,
        a.entry_id, a.action_no, a.text, a.due_date, a.status, a.version, a.author, a.written_at
    from latest as a
    join followup_entries as e using (entry_id)
    where ($municipality_codes is null or list_contains($municipality_codes, e.municipality_code))
      and (not $shared_only or e.shared)
)
select * from visible
order by due_date, entry_id, action_no
