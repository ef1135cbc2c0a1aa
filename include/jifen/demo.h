/* The demo database of `jifen init --demo`: the people and places of the
 * article about 府西社区, some 200 more residents, a catalog of every kind and
 * four months of history, all written through the core's own functions. */
#ifndef JIFEN_DEMO_H
#define JIFEN_DEMO_H

#include "jifen/db.h"

/* Fill a new test database (jf_db_create_test; a real one is refused,
 * JF_DENIED), created, default activities loaded, no operators
 * yet) with the demo: operators admin, staff and counter (PIN 2468, for the
 * demo only), verifiers, residents, sponsors, items, stock, awards,
 * redemptions and a few voids, dated over the four months before the
 * database's clock (jf_db_now), which is left as it was.  The same seed
 * gives the same people, catalog and history.  Returns the status of the
 * first step that failed, with its message in jf_db_error(db). */
jf_status jf_demo_populate(jf_db *db, unsigned seed);

#endif
