-- jifen schema: a voucher or coupon is used once, and an expired one only
-- with a recorded override.  The 'fulfilled' event (one per voucher, by
-- UNIQUE (voucher_id, kind)) now says whether it overrode the voucher's
-- expiry and why; voucher_events stays append-only.
ALTER TABLE voucher_events ADD COLUMN override TEXT NOT NULL DEFAULT ''
  CHECK (override IN ('', 'expired'));
ALTER TABLE voucher_events ADD COLUMN reason TEXT NOT NULL DEFAULT '';
