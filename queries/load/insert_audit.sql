-- Appends one event to the audit log (SQLite). No person-level data is ever passed here.
-- Grain: one row. Parameters: :at, :user_name, :role, :event, :what, :unit, :month, :vintage, :detail.
insert into audit_log (at, user_name, role, event, what, unit, month, vintage, detail)
values (:at, :user_name, :role, :event, :what, :unit, :month, :vintage, :detail)
