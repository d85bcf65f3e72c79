-- Appends one row to the load log.
-- Grain: one row per attempt to load an extract folder.
-- Parameters: $extract_month, $folder, $loaded_at, $outcome, $files, $row_counts, $message,
-- $replaced_files, $replaced_row_counts (the content a replacement replaced; else null).
insert into load_log (extract_month, folder, loaded_at, outcome, files, row_counts, message,
                      replaced_files, replaced_row_counts)
values ($extract_month, $folder, $loaded_at, $outcome, $files, $row_counts, $message,
        $replaced_files, $replaced_row_counts)
