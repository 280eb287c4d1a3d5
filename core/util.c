// SPDX-License-Identifier: GPL-3.0-or-later
/* Allocation wrappers (out-of-memory is fatal), strings, logging. */
#include "util.h"

#include "error.h"

#include <inttypes.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void oom(size_t n)
{
	fprintf(stderr, "ioaware: out of memory allocating %zu bytes\n", n);
	exit(IOA_EXIT_ENV);
}

void *ioa_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom(n);
	return p;
}

void *ioa_xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (!p)
		oom(nmemb * size);
	return p;
}

void ioa_mem_keep(void)
{
#ifdef __GLIBC__
	mallopt(M_MMAP_MAX, 0);
	mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
}

void *ioa_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		oom(n);
	return q;
}

char *ioa_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(ioa_xmalloc(n), s, n);
}

void ioa_strlcpy(char *dst, const char *src, size_t size)
{
	size_t n;

	if (!size)
		return;
	n = strnlen(src, size - 1);
	memcpy(dst, src, n);
	dst[n] = '\0';
}

void ioa_vm_copy_name(char *buf, size_t size, const char *name, int copy)
{
	if (copy > 0)
		snprintf(buf, size, "%s#%d", name, copy);
	else
		ioa_strlcpy(buf, name, size);
}

void ioa_log(const struct ioa_log *log, int level, const char *fmt, ...)
{
	va_list ap;
	FILE *out;

	if (!log || level > log->level)
		return;
	out = log->out ? log->out : stderr;
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
}

char *ioa_fmt_ts(char *buf, size_t size, uint64_t ns)
{
	snprintf(buf, size, "%" PRIu64 ".%09" PRIu64, (uint64_t)(ns / IOA_NS_PER_SEC),
		 (uint64_t)(ns % IOA_NS_PER_SEC));
	return buf;
}

void ioa_now_iso(char *buf, size_t size)
{
	struct timespec now;
	struct tm tm;
	char sec[24];

	clock_gettime(CLOCK_REALTIME, &now);
	gmtime_r(&now.tv_sec, &tm);
	strftime(sec, sizeof(sec), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, size, "%s.%03ldZ", sec, now.tv_nsec / 1000000);
}
