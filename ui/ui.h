/* The full-screen counter program (ncursesw).  The command line calls this
 * when `jifen` is run without a command. */
#ifndef JIFEN_UI_H
#define JIFEN_UI_H

#include "jifen/db.h"

/* Run the counter on an open database until the operator quits: the login
 * screen (skipping the login field when `login` is given; the PIN is asked
 * on screen), then the counter.  Returns the process exit status. */
int jf_ui_main(jf_db *db, const char *login);

#endif
