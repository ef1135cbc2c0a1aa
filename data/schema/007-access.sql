-- jifen schema: who took residents' personal data out of jifen.
-- Every export that holds residents' names or phones (the resident list as
-- CSV, the ledger as CSV or journal, a backup of the whole file, the month
-- notice with full names) is written here by the core before it is made,
-- with the operator (staff or admin: the core refuses anyone else) and the
-- time.  Append-only, like the ledger; `jifen access-log` shows it.
CREATE TABLE access_log (
  id           INTEGER PRIMARY KEY,
  time         INTEGER NOT NULL,
  operator_id  INTEGER NOT NULL REFERENCES operators(id),
  what         TEXT NOT NULL CHECK (what IN ('residents', 'ledger-csv', 'ledger-journal',
                                             'backup', 'month-full-names')),
  detail       TEXT NOT NULL DEFAULT ''    -- how many rows, which month, which file
);
CREATE INDEX access_log_time ON access_log(time);

CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
BEGIN SELECT RAISE(ABORT, 'jifen: the access log is append-only'); END;
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
BEGIN SELECT RAISE(ABORT, 'jifen: the access log is append-only'); END;
