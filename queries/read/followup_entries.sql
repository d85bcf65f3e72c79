-- Returns the follow-up entries a reader may see, newest first.
-- Grain: one row per entry. Parameters: $municipality_codes (list, null = all),
-- $shared_only (true for a municipality's users: only entries shared with it).
with entries as (
    select *
    from followup_entries
    where ($municipality_codes is null or list_contains($municipality_codes, municipality_code))
      and (not $shared_only or shared)
)
select entry_id, municipality_code, star_office, followup_date, kind, text, shared, author, author_role, written_at
from entries
order by followup_date desc, entry_id desc
