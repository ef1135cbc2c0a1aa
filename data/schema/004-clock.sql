-- jifen schema: the clock (src/clock.c) and reopening a closed day.
-- Both tables are append-only, like the ledger.

-- An administrator's recorded step when the clock was wrong (jifen clock):
-- 'confirm' accepts a clock more than 31 days ahead of the latest entry;
-- 'correct' records that the latest entries were dated by a clock running
-- ahead: from then on new entries need only be dated after the correction.
-- The newest row of each entry table at that moment (its id, its rowid for
-- day_closes) says which entries came before the step.
CREATE TABLE clock_events (
  id                INTEGER PRIMARY KEY,
  time              INTEGER NOT NULL,        -- the clock when recorded
  day               TEXT NOT NULL,           -- its local day, for the day report
  kind              TEXT NOT NULL CHECK (kind IN ('confirm', 'correct')),
  operator_id       INTEGER NOT NULL REFERENCES operators(id),
  reason            TEXT NOT NULL CHECK (reason <> ''),
  latest            INTEGER NOT NULL,        -- the latest entry's time before the step
  ledger_id         INTEGER NOT NULL DEFAULT 0,
  stock_id          INTEGER NOT NULL DEFAULT 0,
  voucher_event_id  INTEGER NOT NULL DEFAULT 0,
  day_close_id      INTEGER NOT NULL DEFAULT 0,
  day_event_id      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX clock_events_day ON clock_events(day);

-- A closed day reopened by an administrator (with the reason in note), and
-- closed again (with the note and the chain heads at that moment).  The
-- first close of a day stays in day_closes; a day is closed when it has a
-- day_closes row and its newest day_events row, if any, is a close.
CREATE TABLE day_events (
  id           INTEGER PRIMARY KEY,
  day          TEXT NOT NULL REFERENCES day_closes(day),
  kind         TEXT NOT NULL CHECK (kind IN ('reopen', 'close')),
  time         INTEGER NOT NULL,
  operator_id  INTEGER NOT NULL REFERENCES operators(id),
  note         TEXT NOT NULL DEFAULT '',
  ledger_head  TEXT NOT NULL DEFAULT '',
  stock_head   TEXT NOT NULL DEFAULT '',
  CHECK (kind <> 'reopen' OR note <> '')
);
CREATE INDEX day_events_day ON day_events(day, id);

CREATE TRIGGER clock_events_no_update BEFORE UPDATE ON clock_events
BEGIN SELECT RAISE(ABORT, 'jifen: clock events are append-only'); END;
CREATE TRIGGER clock_events_no_delete BEFORE DELETE ON clock_events
BEGIN SELECT RAISE(ABORT, 'jifen: clock events are append-only'); END;
CREATE TRIGGER day_events_no_update BEFORE UPDATE ON day_events
BEGIN SELECT RAISE(ABORT, 'jifen: day events are append-only'); END;
CREATE TRIGGER day_events_no_delete BEFORE DELETE ON day_events
BEGIN SELECT RAISE(ABORT, 'jifen: day events are append-only'); END;
