-- jifen schema: staff work (day close, service vouchers fulfilled).
-- Both tables are append-only, like the ledger: a closed day stays closed,
-- a fulfilled voucher stays fulfilled.

-- 日结: a closed day takes no more ledger or stock entries (src/dayclose.c,
-- called from the ledger's append).  The chain heads pin what the day's
-- report was made from.
CREATE TABLE day_closes (
  day          TEXT PRIMARY KEY,           -- YYYY-MM-DD, local business day
  time         INTEGER NOT NULL,
  operator_id  INTEGER NOT NULL REFERENCES operators(id),
  note         TEXT NOT NULL DEFAULT '',
  ledger_head  TEXT NOT NULL DEFAULT '',   -- hash of the newest ledger row at closing
  stock_head   TEXT NOT NULL DEFAULT ''    -- hash of the newest stock movement at closing
);

-- What happened to a voucher after it was issued: the sponsor reported the
-- housekeeping or community service done (fulfilled).
CREATE TABLE voucher_events (
  id           INTEGER PRIMARY KEY,
  voucher_id   INTEGER NOT NULL REFERENCES vouchers(id),
  time         INTEGER NOT NULL,
  day          TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('fulfilled')),
  operator_id  INTEGER NOT NULL REFERENCES operators(id),
  note         TEXT NOT NULL DEFAULT '',
  UNIQUE (voucher_id, kind)
);
CREATE INDEX voucher_events_day ON voucher_events(day);

CREATE TRIGGER day_closes_no_update BEFORE UPDATE ON day_closes
BEGIN SELECT RAISE(ABORT, 'jifen: a closed day stays closed'); END;
CREATE TRIGGER day_closes_no_delete BEFORE DELETE ON day_closes
BEGIN SELECT RAISE(ABORT, 'jifen: a closed day stays closed'); END;
CREATE TRIGGER voucher_events_no_update BEFORE UPDATE ON voucher_events
BEGIN SELECT RAISE(ABORT, 'jifen: voucher events are append-only'); END;
CREATE TRIGGER voucher_events_no_delete BEFORE DELETE ON voucher_events
BEGIN SELECT RAISE(ABORT, 'jifen: voucher events are append-only'); END;
