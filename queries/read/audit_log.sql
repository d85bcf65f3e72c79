-- Returns the audit log from a time on, oldest first (SQLite).
-- Grain: one row per audited event. Parameters: :since (UTC ISO 8601 text; '' for all).
with events as (
    select at, user_name, role, event, what, unit, month, vintage, detail, rowid as seq
    from audit_log
    where at >= :since
)
select at, user_name, role, event, what, unit, month, vintage, detail
from events
order by at, seq
