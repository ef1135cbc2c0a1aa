/* The full-screen counter program (ncursesw).  The command line calls this
 * when `jifen` is run without a command. */
#ifndef JIFEN_UI_H
#define JIFEN_UI_H

#include <stdio.h>
#include "jifen/db.h"

/* Run the counter on an open database until the operator quits: the login
 * screen (skipping the login field when `login` is given; the PIN is asked
 * on screen), then the counter.  Returns the process exit status. */
int jf_ui_main(jf_db *db, const char *login);
/* `jifen query`: the residents' own balance terminal (ui/query.c), no
 * login; runs until the process is ended.  Returns the exit status. */
int jf_ui_query(jf_db *db);

/* Print every key of every screen, from the same table that draws the key
 * bar and the help screen: plain text, or with `roff` set as man-page .TP
 * paragraphs for the COUNTER KEYS section of jifen(1). */
void jf_ui_print_keys(FILE *f, int roff);

#endif
