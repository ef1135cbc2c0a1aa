/* An SQLite VFS that passes everything to the real one ("unix") until it is
 * armed, then lets a given number of reads, writes or syncs through and
 * fails the next ones: a full disk (SQLITE_FULL, after writing half of the
 * buffer, as a real full disk leaves a torn page), a failing disk
 * (SQLITE_IOERR_WRITE / _READ / _FSYNC).
 *
 * Registered as the default VFS by the test program (fault_vfs_install), so
 * that jifen's own jf_db_open uses it without knowing; nothing in jifen is
 * changed or mocked.  Raw looks at the file in the tests name the real
 * "unix" VFS and are never faulted. */
#ifndef JIFEN_FAULTVFS_H
#define JIFEN_FAULTVFS_H

#include <sqlite3.h>
#include <string.h>

typedef enum {
	FAULT_NONE = 0,
	FAULT_FULL,       /* writes: SQLITE_FULL after a torn half write */
	FAULT_WRITE,      /* writes: SQLITE_IOERR_WRITE */
	FAULT_READ,       /* reads: SQLITE_IOERR_READ */
	FAULT_SYNC,       /* syncs: SQLITE_IOERR_FSYNC */
} fault_mode;

static struct {
	fault_mode mode;
	long budget; /* calls of the faulted kind still allowed */
	long faults; /* calls failed since armed */
	sqlite3_vfs *real;
} fault;

typedef struct {
	sqlite3_file base;
	sqlite3_file *real; /* follows this struct in the same allocation */
} fault_file;

static void fault_arm(fault_mode mode, long budget)
{
	fault.mode = mode;
	fault.budget = budget;
	fault.faults = 0;
}

static void fault_disarm(void)
{
	fault.mode = FAULT_NONE;
}

/* 1 if this call of `kind` must fail. */
static int fault_now(fault_mode kind)
{
	if (fault.mode != kind && !(kind == FAULT_WRITE && fault.mode == FAULT_FULL))
		return 0;
	if (fault.budget > 0) {
		fault.budget--;
		return 0;
	}
	fault.faults++;
	return 1;
}

#define REAL(f) (((fault_file *)(f))->real)

static int ff_close(sqlite3_file *f)
{
	int rc = REAL(f)->pMethods->xClose(REAL(f));
	return rc;
}

static int ff_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
	if (fault_now(FAULT_READ))
		return SQLITE_IOERR_READ;
	return REAL(f)->pMethods->xRead(REAL(f), buf, n, off);
}

static int ff_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
	if (fault_now(FAULT_WRITE)) {
		if (fault.mode == FAULT_FULL) {
			if (n / 2 > 0)
				REAL(f)->pMethods->xWrite(REAL(f), buf, n / 2, off);
			return SQLITE_FULL;
		}
		return SQLITE_IOERR_WRITE;
	}
	return REAL(f)->pMethods->xWrite(REAL(f), buf, n, off);
}

static int ff_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	return REAL(f)->pMethods->xTruncate(REAL(f), size);
}

static int ff_sync(sqlite3_file *f, int flags)
{
	if (fault_now(FAULT_SYNC))
		return SQLITE_IOERR_FSYNC;
	return REAL(f)->pMethods->xSync(REAL(f), flags);
}

static int ff_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return REAL(f)->pMethods->xFileSize(REAL(f), size);
}

static int ff_lock(sqlite3_file *f, int lock)
{
	return REAL(f)->pMethods->xLock(REAL(f), lock);
}

static int ff_unlock(sqlite3_file *f, int lock)
{
	return REAL(f)->pMethods->xUnlock(REAL(f), lock);
}

static int ff_check_reserved(sqlite3_file *f, int *out)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}

static int ff_file_control(sqlite3_file *f, int op, void *arg)
{
	return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}

static int ff_sector_size(sqlite3_file *f)
{
	return REAL(f)->pMethods->xSectorSize(REAL(f));
}

static int ff_device_chars(sqlite3_file *f)
{
	return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}

static int ff_shm_map(sqlite3_file *f, int pg, int pgsz, int extend, void volatile **p)
{
	return REAL(f)->pMethods->xShmMap(REAL(f), pg, pgsz, extend, p);
}

static int ff_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
	return REAL(f)->pMethods->xShmLock(REAL(f), offset, n, flags);
}

static void ff_shm_barrier(sqlite3_file *f)
{
	REAL(f)->pMethods->xShmBarrier(REAL(f));
}

static int ff_shm_unmap(sqlite3_file *f, int del)
{
	return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}

/* No memory-mapped reads: every page goes through ff_read. */
static int ff_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp)
{
	(void)f;
	(void)off;
	(void)n;
	*pp = NULL;
	return SQLITE_OK;
}

static int ff_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
	(void)f;
	(void)off;
	(void)p;
	return SQLITE_OK;
}

static const sqlite3_io_methods fault_methods = {
	.iVersion = 3,
	.xClose = ff_close,
	.xRead = ff_read,
	.xWrite = ff_write,
	.xTruncate = ff_truncate,
	.xSync = ff_sync,
	.xFileSize = ff_file_size,
	.xLock = ff_lock,
	.xUnlock = ff_unlock,
	.xCheckReservedLock = ff_check_reserved,
	.xFileControl = ff_file_control,
	.xSectorSize = ff_sector_size,
	.xDeviceCharacteristics = ff_device_chars,
	.xShmMap = ff_shm_map,
	.xShmLock = ff_shm_lock,
	.xShmBarrier = ff_shm_barrier,
	.xShmUnmap = ff_shm_unmap,
	.xFetch = ff_fetch,
	.xUnfetch = ff_unfetch,
};

static int fv_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out)
{
	(void)vfs;
	fault_file *ff = (fault_file *)f;
	ff->real = (sqlite3_file *)(ff + 1);
	memset(ff->real, 0, (size_t)fault.real->szOsFile);
	int rc = fault.real->xOpen(fault.real, name, ff->real, flags, out);
	/* as the real VFS does: no methods means nothing to close */
	ff->base.pMethods = ff->real->pMethods ? &fault_methods : NULL;
	return rc;
}

static int fv_delete(sqlite3_vfs *vfs, const char *name, int sync)
{
	(void)vfs;
	return fault.real->xDelete(fault.real, name, sync);
}

static int fv_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	(void)vfs;
	return fault.real->xAccess(fault.real, name, flags, out);
}

static int fv_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	(void)vfs;
	return fault.real->xFullPathname(fault.real, name, n, out);
}

static void *fv_dlopen(sqlite3_vfs *vfs, const char *name)
{
	(void)vfs;
	return fault.real->xDlOpen(fault.real, name);
}

static void fv_dlerror(sqlite3_vfs *vfs, int n, char *msg)
{
	(void)vfs;
	fault.real->xDlError(fault.real, n, msg);
}

static void (*fv_dlsym(sqlite3_vfs *vfs, void *h, const char *sym))(void)
{
	(void)vfs;
	return fault.real->xDlSym(fault.real, h, sym);
}

static void fv_dlclose(sqlite3_vfs *vfs, void *h)
{
	(void)vfs;
	fault.real->xDlClose(fault.real, h);
}

static int fv_randomness(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return fault.real->xRandomness(fault.real, n, out);
}

static int fv_sleep(sqlite3_vfs *vfs, int us)
{
	(void)vfs;
	return fault.real->xSleep(fault.real, us);
}

static int fv_current_time(sqlite3_vfs *vfs, double *t)
{
	(void)vfs;
	return fault.real->xCurrentTime(fault.real, t);
}

static int fv_last_error(sqlite3_vfs *vfs, int n, char *msg)
{
	(void)vfs;
	return fault.real->xGetLastError(fault.real, n, msg);
}

static int fv_current_time64(sqlite3_vfs *vfs, sqlite3_int64 *t)
{
	(void)vfs;
	return fault.real->xCurrentTimeInt64(fault.real, t);
}

static sqlite3_vfs fault_vfs = {
	.iVersion = 2,
	.mxPathname = 512,
	.zName = "jf-fault",
	.xOpen = fv_open,
	.xDelete = fv_delete,
	.xAccess = fv_access,
	.xFullPathname = fv_full_pathname,
	.xDlOpen = fv_dlopen,
	.xDlError = fv_dlerror,
	.xDlSym = fv_dlsym,
	.xDlClose = fv_dlclose,
	.xRandomness = fv_randomness,
	.xSleep = fv_sleep,
	.xCurrentTime = fv_current_time,
	.xGetLastError = fv_last_error,
	.xCurrentTimeInt64 = fv_current_time64,
};

/* Make the fault VFS the default for every connection opened from now on. */
static int fault_vfs_install(void)
{
	fault.real = sqlite3_vfs_find("unix");
	if (!fault.real)
		return -1;
	fault_vfs.szOsFile = (int)sizeof(fault_file) + fault.real->szOsFile;
	fault_vfs.mxPathname = fault.real->mxPathname;
	return sqlite3_vfs_register(&fault_vfs, 1) == SQLITE_OK ? 0 : -1;
}

#undef REAL
#endif
