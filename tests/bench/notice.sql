-- The monthly public notice for 2025-12 (BENCH_NOTICE_MONTH) as plain SQL,
-- the reference the sqlite3 shell runs on the same file in `make bench`:
-- what jf_month_report_load reads, written as one would by hand.
.mode list
.output /dev/null
CREATE TEMP VIEW m AS SELECT '2025-12-01' AS first, '2026-01-01' AS next;

-- each resident with entries up to the month's end: opening, earned,
-- spent (net of voids), deducted, closing, awards
SELECT r.id, r.name, r.compound, r.building, r.party,
       coalesce(sum(CASE WHEN l.day < m.first THEN l.points END), 0),
       coalesce(sum(CASE WHEN l.day >= m.first AND (l.kind = 'award'
                OR (l.kind = 'adjust' AND l.points > 0)) THEN l.points END), 0),
       coalesce(-sum(CASE WHEN l.day >= m.first AND l.kind IN ('redeem', 'void')
                THEN l.points END), 0),
       coalesce(-sum(CASE WHEN l.day >= m.first AND l.kind = 'adjust' AND l.points < 0
                THEN l.points END), 0),
       sum(l.points),
       count(CASE WHEN l.day >= m.first AND l.kind = 'award' THEN 1 END)
  FROM m, ledger l JOIN residents r ON r.id = l.resident_id
 WHERE l.day < m.next
 GROUP BY r.id ORDER BY r.compound, r.building, r.pinyin, r.id;

-- by category and by activity
SELECT a.category, count(*), sum(l.points), count(DISTINCT l.resident_id)
  FROM m, ledger l JOIN activities a ON a.id = l.activity_id
 WHERE l.kind = 'award' AND l.day >= m.first AND l.day < m.next
 GROUP BY a.category;
SELECT a.code, a.name, a.category, count(*), sum(l.points)
  FROM m, ledger l JOIN activities a ON a.id = l.activity_id
 WHERE l.kind = 'award' AND l.day >= m.first AND l.day < m.next
 GROUP BY a.id ORDER BY a.code;

-- items redeemed, net of the month's voids
SELECT i.id, i.name, i.unit, i.kind, coalesce(s.name, ''),
       sum(CASE WHEN l.kind = 'redeem' THEN rl.qty ELSE -rl.qty END),
       sum(CASE WHEN l.kind = 'redeem' THEN rl.qty ELSE -rl.qty END * rl.points_each)
  FROM m, ledger l JOIN receipt_lines rl ON rl.receipt_id = l.receipt_id
  JOIN items i ON i.id = rl.item_id LEFT JOIN sponsors s ON s.id = i.sponsor_id
 WHERE l.kind IN ('redeem', 'void') AND l.day >= m.first AND l.day < m.next
 GROUP BY i.id ORDER BY i.kind, i.code;

-- vouchers issued in the month
SELECT v.item_id, count(*)
  FROM m, vouchers v JOIN receipts r ON r.id = v.receipt_id
 WHERE r.time >= strftime('%s', m.first, '-8 hours')
   AND r.time < strftime('%s', m.next, '-8 hours')
 GROUP BY v.item_id;

-- what each sponsor gave: goods received in the month
SELECT s.id, s.name, s.kind, i.name, i.unit, sum(sm.qty)
  FROM m, stock_moves sm JOIN items i ON i.id = sm.item_id
  JOIN sponsors s ON s.id = coalesce(sm.sponsor_id, i.sponsor_id)
 WHERE sm.kind = 'in' AND sm.day >= m.first AND sm.day < m.next
 GROUP BY s.id, i.id ORDER BY s.name, i.code;

-- participation, as the article counts it
SELECT count(DISTINCT l.resident_id),
       count(DISTINCT CASE WHEN r.party = 1 THEN l.resident_id END),
       count(*),
       count(DISTINCT CASE WHEN a.code = 'C01' THEN l.deed_date END),
       count(CASE WHEN a.category = '志愿服务' THEN 1 END)
  FROM m, ledger l JOIN residents r ON r.id = l.resident_id
  JOIN activities a ON a.id = l.activity_id
 WHERE l.kind = 'award' AND l.day >= m.first AND l.day < m.next;

-- the chain head at the month's end, and now
SELECT hash, id FROM ledger WHERE day < (SELECT next FROM m) ORDER BY id DESC LIMIT 1;
SELECT hash, id FROM ledger ORDER BY id DESC LIMIT 1;
