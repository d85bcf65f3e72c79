-- Sets the vintage the build queries read (getvariable('vintage') in the *_at table macros of
-- create_tables.sql): an extract month; null reads nothing.
-- Grain: none (a session setting). Parameters: $vintage.
set variable vintage = $vintage
