-- jifen schema: indexes for a street office's size (see BENCHMARKS.md).
-- Both serve the end-of-day reconciliation (src/dayclose.c), which must
-- read the day, not the year, however long the ledger grows.

-- A resident's entries by id now also carry the balance after each, so that
-- "the balance before this day" is read from the index alone (one seek, no
-- row): the day's check looks it up for every resident the day moved.  It
-- still serves everything the old index did (passbook, recent entries).
DROP INDEX ledger_resident;
CREATE INDEX ledger_resident ON ledger(resident_id, id, balance_after);

-- The points outstanding (the sum of every balance) from the residents who
-- have any, out of a narrow index, instead of reading every resident's row.
CREATE INDEX residents_balance ON residents(balance) WHERE balance <> 0;
