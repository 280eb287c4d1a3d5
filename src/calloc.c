// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * calloc for small blocks through malloc's per-thread cache (glibc before 2.41 only).
 *
 * libtracecmd allocates every record it reads with calloc and frees it after the callback:
 * one small block per event. glibc's calloc before 2.41 skips the per-thread cache (tcache)
 * and takes its arena's lock, an atomic instruction pair, once the process has a second
 * thread; the free that follows then finds the cache full of blocks calloc never takes and
 * goes to the arena as well. Ingest always has a second thread (the SQLite writer), so
 * this cost every event 30-50 ns on the bench captures, 6 % of ingest's wall time
 * (bench/README, "Seventh pass"). malloc and free of a small block use the cache alone.
 *
 * Defined in the executable, this calloc serves every library the program loads
 * (libtracecmd, SQLite, cairo, GLPK) with the same contract: zeroed memory, overflow
 * checked, ENOMEM on failure. Larger blocks go to glibc's own calloc, which takes fresh
 * zero pages from the kernel without touching them. Not built with the sanitizers, which
 * supply their own allocator, nor with another C library.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#if defined(IOA_SMALL_CALLOC) && defined(__GLIBC__) && (__GLIBC__ == 2 && __GLIBC_MINOR__ < 41) && \
	!defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)

/* the largest block malloc's per-thread cache holds (tcache's last bin, 1032-byte chunks) */
#define IOA_CALLOC_SMALL 1024

void *__libc_calloc(size_t nmemb, size_t size);
void *calloc(size_t nmemb, size_t size);

/*
 * This file is compiled with -fno-builtin (CMakeLists.txt): otherwise the compiler turns
 * malloc followed by memset into a call to calloc, this function.
 */
void *calloc(size_t nmemb, size_t size)
{
	size_t total;
	void *p;

	if (__builtin_mul_overflow(nmemb, size, &total)) {
		errno = ENOMEM;
		return NULL;
	}
	if (total > IOA_CALLOC_SMALL)
		return __libc_calloc(nmemb, size);
	p = malloc(total);
	if (p)
		memset(p, 0, total);
	return p;
}

#endif
