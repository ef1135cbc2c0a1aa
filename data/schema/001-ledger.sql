-- jifen schema, version 1: the points ledger.
-- Applied by src/db.c inside one transaction; PRAGMA user_version is then 1.
-- Tables named *_log, ledger, stock_moves, receipts and receipt_lines are
-- append-only: triggers refuse UPDATE and DELETE, and every ledger and stock
-- row carries a hash chaining it to the row before (see src/ledger.c).

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE sponsors (
  id    INTEGER PRIMARY KEY,
  name  TEXT NOT NULL UNIQUE,
  -- enterprise 爱心企业, unit 共驻共建单位, merchant 爱心商户
  kind  TEXT NOT NULL CHECK (kind IN ('enterprise', 'unit', 'merchant'))
);

CREATE TABLE residents (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  compound   TEXT NOT NULL DEFAULT '',
  building   TEXT NOT NULL DEFAULT '',
  unit       TEXT NOT NULL DEFAULT '',
  room       TEXT NOT NULL DEFAULT '',
  phone      TEXT NOT NULL DEFAULT '',
  card       TEXT UNIQUE,
  party      INTEGER NOT NULL DEFAULT 0 CHECK (party IN (0, 1)),
  active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  -- the sum of the resident's ledger entries, kept in the same transaction
  balance    INTEGER NOT NULL DEFAULT 0 CHECK (balance >= 0),
  -- main reading of the name, for display and sorting ("ding mei ying")
  pinyin     TEXT NOT NULL DEFAULT '',
  created    INTEGER NOT NULL
);

-- Search keys: every reading of the name as initials and as full pinyin, the
-- name itself, the phone, its last four digits, the card and the room.
-- kind: 1 card, 2 phone, 3 phone tail, 4 room, 5 name, 6 initials, 7 pinyin
CREATE TABLE resident_keys (
  key          TEXT NOT NULL,
  resident_id  INTEGER NOT NULL REFERENCES residents(id),
  kind         INTEGER NOT NULL,
  PRIMARY KEY (key, resident_id, kind)
) WITHOUT ROWID;
CREATE INDEX resident_keys_resident ON resident_keys(resident_id);

CREATE TABLE verifiers (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL,
  -- leader 楼长, grid 网格员
  role         TEXT NOT NULL CHECK (role IN ('leader', 'grid')),
  compound     TEXT NOT NULL DEFAULT '',
  phone        TEXT NOT NULL DEFAULT '',
  resident_id  INTEGER REFERENCES residents(id),
  active       INTEGER NOT NULL DEFAULT 1,
  UNIQUE (name, role, compound)
);

CREATE TABLE operators (
  id            INTEGER PRIMARY KEY,
  login         TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('volunteer', 'staff', 'admin')),
  pin_hash      TEXT NOT NULL,
  -- the operator's own resident account, if they live here: no self-awards
  resident_id   INTEGER REFERENCES residents(id),
  failed_pins   INTEGER NOT NULL DEFAULT 0,
  locked_until  INTEGER NOT NULL DEFAULT 0,
  active        INTEGER NOT NULL DEFAULT 1,
  created       INTEGER NOT NULL
);

CREATE TABLE activities (
  id        INTEGER PRIMARY KEY,
  code      TEXT NOT NULL UNIQUE,
  category  TEXT NOT NULL CHECK (category IN
              ('小区治理', '文明帮创', '废旧利用', '绿色环保', '志愿服务')),
  name      TEXT NOT NULL,
  points    INTEGER NOT NULL CHECK (points > 0),
  pinyin    TEXT NOT NULL DEFAULT '',
  initials  TEXT NOT NULL DEFAULT '',
  active    INTEGER NOT NULL DEFAULT 1
);

-- Every change to an activity, for the history (re-price, retire, add).
CREATE TABLE activity_log (
  id           INTEGER PRIMARY KEY,
  time         INTEGER NOT NULL,
  activity_id  INTEGER NOT NULL REFERENCES activities(id),
  operator_id  INTEGER REFERENCES operators(id),
  what         TEXT NOT NULL,
  points       INTEGER NOT NULL,
  active       INTEGER NOT NULL
);

CREATE TABLE items (
  id             INTEGER PRIMARY KEY,
  code           TEXT NOT NULL UNIQUE,
  name           TEXT NOT NULL,
  -- goods 生活用品, produce 农副产品 (stock counted); housekeeping 家政服务,
  -- service 社区服务 (a voucher, fulfilled later); coupon 商户优惠券
  kind           TEXT NOT NULL CHECK (kind IN
                   ('goods', 'produce', 'housekeeping', 'service', 'coupon')),
  points         INTEGER NOT NULL CHECK (points > 0),
  unit           TEXT NOT NULL DEFAULT '',
  sponsor_id     INTEGER REFERENCES sponsors(id),
  monthly_limit  INTEGER CHECK (monthly_limit IS NULL OR monthly_limit > 0),
  -- vouchers and coupons are valid this many days from redemption
  valid_days     INTEGER NOT NULL DEFAULT 30,
  -- kept equal to the sum of stock_moves for goods and produce
  stock          INTEGER NOT NULL DEFAULT 0 CHECK (stock >= 0),
  pinyin         TEXT NOT NULL DEFAULT '',
  initials       TEXT NOT NULL DEFAULT '',
  active         INTEGER NOT NULL DEFAULT 1,
  created        INTEGER NOT NULL
);

CREATE TABLE receipts (
  id           INTEGER PRIMARY KEY,
  no           TEXT NOT NULL UNIQUE,
  time         INTEGER NOT NULL,
  resident_id  INTEGER NOT NULL REFERENCES residents(id),
  operator_id  INTEGER NOT NULL REFERENCES operators(id),
  total        INTEGER NOT NULL CHECK (total > 0),
  balance_after INTEGER NOT NULL
);
CREATE INDEX receipts_resident ON receipts(resident_id, time);

CREATE TABLE receipt_lines (
  receipt_id   INTEGER NOT NULL REFERENCES receipts(id),
  line         INTEGER NOT NULL,
  item_id      INTEGER NOT NULL REFERENCES items(id),
  qty          INTEGER NOT NULL CHECK (qty > 0),
  points_each  INTEGER NOT NULL CHECK (points_each > 0),
  PRIMARY KEY (receipt_id, line)
);
CREATE INDEX receipt_lines_item ON receipt_lines(item_id);

-- The ledger (台账): award, redeem, void (reversing a redemption), adjust.
CREATE TABLE ledger (
  id             INTEGER PRIMARY KEY,
  time           INTEGER NOT NULL,
  day            TEXT NOT NULL,              -- local business day, YYYY-MM-DD
  kind           TEXT NOT NULL CHECK (kind IN ('award', 'redeem', 'void', 'adjust')),
  resident_id    INTEGER NOT NULL REFERENCES residents(id),
  points         INTEGER NOT NULL CHECK (points <> 0),
  balance_after  INTEGER NOT NULL CHECK (balance_after >= 0),
  operator_id    INTEGER NOT NULL REFERENCES operators(id),
  verifier_id    INTEGER REFERENCES verifiers(id),
  activity_id    INTEGER REFERENCES activities(id),
  receipt_id     INTEGER REFERENCES receipts(id),
  deed_date      TEXT,                       -- awards: the day of the good deed
  ref            TEXT NOT NULL DEFAULT '',
  note           TEXT NOT NULL DEFAULT '',
  hash           TEXT NOT NULL UNIQUE,
  CHECK (kind <> 'award' OR (verifier_id IS NOT NULL AND activity_id IS NOT NULL AND points > 0)),
  CHECK (kind <> 'redeem' OR (receipt_id IS NOT NULL AND points < 0)),
  CHECK (kind <> 'void' OR (receipt_id IS NOT NULL AND points > 0))
);
CREATE INDEX ledger_resident ON ledger(resident_id, id);
CREATE INDEX ledger_day ON ledger(day);
CREATE UNIQUE INDEX ledger_one_redeem ON ledger(receipt_id) WHERE kind = 'redeem';
CREATE UNIQUE INDEX ledger_one_void ON ledger(receipt_id) WHERE kind = 'void';

-- Stock movements of goods and produce: in (received), redeem, void, count.
CREATE TABLE stock_moves (
  id           INTEGER PRIMARY KEY,
  time         INTEGER NOT NULL,
  day          TEXT NOT NULL,
  item_id      INTEGER NOT NULL REFERENCES items(id),
  kind         TEXT NOT NULL CHECK (kind IN ('in', 'redeem', 'void', 'count', 'adjust')),
  qty          INTEGER NOT NULL,
  stock_after  INTEGER NOT NULL CHECK (stock_after >= 0),
  operator_id  INTEGER NOT NULL REFERENCES operators(id),
  sponsor_id   INTEGER REFERENCES sponsors(id),
  receipt_id   INTEGER REFERENCES receipts(id),
  note         TEXT NOT NULL DEFAULT '',
  hash         TEXT NOT NULL UNIQUE
);
CREATE INDEX stock_moves_item ON stock_moves(item_id, id);
CREATE INDEX stock_moves_day ON stock_moves(day);

-- Vouchers for housekeeping, community services and coupons: one per unit.
CREATE TABLE vouchers (
  id          INTEGER PRIMARY KEY,
  receipt_id  INTEGER NOT NULL REFERENCES receipts(id),
  line        INTEGER NOT NULL,
  item_id     INTEGER NOT NULL REFERENCES items(id),
  expires     TEXT NOT NULL                  -- YYYY-MM-DD, last valid day
);
CREATE INDEX vouchers_receipt ON vouchers(receipt_id);

-- Receipt print attempts: a receipt with no ok row waits to be reprinted.
CREATE TABLE receipt_prints (
  id          INTEGER PRIMARY KEY,
  receipt_id  INTEGER NOT NULL REFERENCES receipts(id),
  time        INTEGER NOT NULL,
  ok          INTEGER NOT NULL,
  error       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX receipt_prints_receipt ON receipt_prints(receipt_id);

CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger
BEGIN SELECT RAISE(ABORT, 'jifen: the ledger is append-only'); END;
CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger
BEGIN SELECT RAISE(ABORT, 'jifen: the ledger is append-only'); END;
CREATE TRIGGER stock_no_update BEFORE UPDATE ON stock_moves
BEGIN SELECT RAISE(ABORT, 'jifen: stock movements are append-only'); END;
CREATE TRIGGER stock_no_delete BEFORE DELETE ON stock_moves
BEGIN SELECT RAISE(ABORT, 'jifen: stock movements are append-only'); END;
CREATE TRIGGER receipts_no_update BEFORE UPDATE ON receipts
BEGIN SELECT RAISE(ABORT, 'jifen: receipts are append-only'); END;
CREATE TRIGGER receipts_no_delete BEFORE DELETE ON receipts
BEGIN SELECT RAISE(ABORT, 'jifen: receipts are append-only'); END;
CREATE TRIGGER receipt_lines_no_update BEFORE UPDATE ON receipt_lines
BEGIN SELECT RAISE(ABORT, 'jifen: receipts are append-only'); END;
CREATE TRIGGER receipt_lines_no_delete BEFORE DELETE ON receipt_lines
BEGIN SELECT RAISE(ABORT, 'jifen: receipts are append-only'); END;
