-- Records a release time set for an extract month (SQLite); the latest row per month holds.
-- Grain: one row. Parameters: :month, :release_at, :set_at, :set_by, :role.
insert into release_times (month, release_at, set_at, set_by, role)
values (:month, :release_at, :set_at, :set_by, :role)
