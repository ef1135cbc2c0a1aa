/* The one write-then-rename of the program (jifen/outfile.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "jifen/outfile.h"

int jf_outfile_open(jf_outfile *o, const char *path)
{
	memset(o, 0, sizeof *o);
	if (strlen(path) >= sizeof o->path ||
	    (size_t)snprintf(o->tmp, sizeof o->tmp, "%s.tmp-XXXXXX", path) >= sizeof o->tmp)
		return ENAMETOOLONG;
	jf_strlcpy(o->path, path, sizeof o->path);
	int fd = mkstemp(o->tmp); /* 0600 */
	if (fd < 0)
		return errno;
	o->f = fdopen(fd, "w");
	if (!o->f) {
		int e = errno;
		close(fd);
		unlink(o->tmp);
		return e;
	}
	return 0;
}

int jf_outfile_close(jf_outfile *o, int keep)
{
	if (!o->f)
		return 0;
	int e = 0;
	if (fflush(o->f) != 0 || ferror(o->f))
		e = errno ? errno : EIO;
	if (fsync(fileno(o->f)) != 0 && !e)
		e = errno;
	if (fclose(o->f) != 0 && !e)
		e = errno;
	o->f = NULL;
	if (keep && !e && rename(o->tmp, o->path) != 0)
		e = errno;
	if (!keep || e)
		unlink(o->tmp);
	return e;
}
