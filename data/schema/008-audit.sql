-- jifen schema: the change log (变更记录) and the monthly notices.
--
-- Every insert, update and delete of a row that decides points (operators,
-- meta, activities, items, residents' identity, verifiers, sponsors, day
-- closes, notices, vouchers, receipts) appends one row here: when, by which
-- operator, the table and the row's key, the audited fields before and after
-- (a JSON object), and a BLAKE2b hash chaining it to the row before.  The
-- triggers that write it are made by src/audit.c (the list of watched tables
-- is there, one line per table) when jifen opens the file; they call SQL
-- functions that only jifen's own connections have, so a write with the
-- plain sqlite3 shell to a watched table fails.  `jifen audit` compares every
-- watched row with its newest change here.
-- op: insert, update, delete; baseline (a row that was there when the table
-- came to be watched); cover (row_id '': the table is watched, new = fields).
CREATE TABLE changes (
  id           INTEGER PRIMARY KEY,
  time         INTEGER NOT NULL,
  operator_id  INTEGER,                       -- NULL: the program itself
  tbl          TEXT NOT NULL,
  row_id       NOT NULL,                      -- the row's key, as the row has it
  op           TEXT NOT NULL,
  old          TEXT,
  new          TEXT,
  hash         TEXT NOT NULL UNIQUE
);
CREATE INDEX changes_row ON changes(tbl, row_id, id);
CREATE INDEX changes_time ON changes(time);

CREATE TRIGGER changes_no_update BEFORE UPDATE ON changes
BEGIN SELECT RAISE(ABORT, 'jifen: the change log is append-only'); END;
CREATE TRIGGER changes_no_delete BEFORE DELETE ON changes
BEGIN SELECT RAISE(ABORT, 'jifen: the change log is append-only'); END;

-- 月度公示: each notice produced pins the ledger's and the stock's heads as
-- they stood, like a day close; `jifen audit` checks that they are still
-- there.
CREATE TABLE notices (
  id           INTEGER PRIMARY KEY,
  month        TEXT NOT NULL,                 -- YYYY-MM
  time         INTEGER NOT NULL,
  operator_id  INTEGER REFERENCES operators(id),
  ledger_head  TEXT NOT NULL DEFAULT '',
  stock_head   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX notices_month ON notices(month);

CREATE TRIGGER notices_no_update BEFORE UPDATE ON notices
BEGIN SELECT RAISE(ABORT, 'jifen: notices are append-only'); END;
CREATE TRIGGER notices_no_delete BEFORE DELETE ON notices
BEGIN SELECT RAISE(ABORT, 'jifen: notices are append-only'); END;
