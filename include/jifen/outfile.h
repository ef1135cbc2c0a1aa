/* A file written whole or not at all: written beside its target under a
 * temporary name (mode 0600, since exports hold names and phone numbers),
 * flushed to disk and renamed over the target only when complete. */
#ifndef JIFEN_OUTFILE_H
#define JIFEN_OUTFILE_H

#include <stdio.h>

typedef struct {
	FILE *f;            /* write here */
	char path[4096];    /* the target */
	char tmp[4200];     /* the temporary file beside it */
} jf_outfile;

/* Create the temporary file for `path`.  0, or an errno (ENAMETOOLONG for
 * a path too long, or what creating the file failed with). */
int jf_outfile_open(jf_outfile *o, const char *path);

/* Flush, sync and close; then, if `keep`, rename over the target, else
 * remove the temporary file.  0, or the errno of the first step that failed
 * (the temporary file is then removed and the target left as it was). */
int jf_outfile_close(jf_outfile *o, int keep);

#endif
