/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Small helpers every module uses: allocation that dies on out-of-memory (the only fatal
 * path), growable arrays, string interning and a logging context passed by pointer.
 */
#ifndef IOA_UTIL_H
#define IOA_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define IOA_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define IOA_MIN(a, b) ((a) < (b) ? (a) : (b))
#define IOA_MAX(a, b) ((a) > (b) ? (a) : (b))
#define IOA_NS_PER_SEC UINT64_C(1000000000)

void *ioa_xmalloc(size_t n);
void *ioa_xcalloc(size_t nmemb, size_t size);
void *ioa_xrealloc(void *p, size_t n);
/**
 * ioa_mem_keep() - keep freed memory in the process for the next allocation
 *
 * Called once at start-up by the executable. The stages allocate and free arrays of every
 * task or event many times over (tens to hundreds of MiB on large inputs); by default glibc
 * maps each large block afresh and returns it on free, so every reuse faults its pages in
 * again. After this call they come from the heap and freed memory stays for reuse: the
 * peak resident size is the same, the faults are not repeated. No effect without glibc.
 */
void ioa_mem_keep(void);
char *ioa_xstrdup(const char *s);

/**
 * IOA_GROW() - make room for one more element in a growable array
 * @arr: pointer to the elements, @nr: used count, @alloc: allocated count
 */
#define IOA_GROW(arr, nr, alloc)                                                                   \
	do {                                                                                       \
		if ((nr) >= (alloc)) {                                                             \
			(alloc) = (alloc) ? (alloc)*2 : 16;                                        \
			(arr) = ioa_xrealloc((arr), (size_t)(alloc) * sizeof(*(arr)));             \
		}                                                                                  \
	} while (0)

/* copy at most size-1 bytes and always terminate */
void ioa_strlcpy(char *dst, const char *src, size_t size);

enum ioa_loglevel {
	IOA_LOG_QUIET = 0,
	IOA_LOG_ERROR = 1,
	IOA_LOG_WARN = 2,
	IOA_LOG_INFO = 3,
	IOA_LOG_DEBUG = 4,
};

/* where diagnostics go; one per command invocation, never global */
struct ioa_log {
	int level;
	FILE *out;
	int progress; /* stderr is a terminal and not -q: draw progress */
};

void ioa_log(const struct ioa_log *log, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * the name of one VM of a scenario: @name as traced (copy 0), "NAME#k" for copy k of --repeat,
 * so that the copies of one VM never read as the same VM
 */
void ioa_vm_copy_name(char *buf, size_t size, const char *name, int copy);

/* format a nanosecond timestamp as seconds with 9 decimals into buf (>= 32 bytes) */
char *ioa_fmt_ts(char *buf, size_t size, uint64_t ns);

/*
 * the current UTC time as ISO 8601 to the millisecond ("2026-01-01T00:00:00.000Z"), @size >= 25:
 * fine enough that of two commands run one after the other, the text of the later sorts later
 */
void ioa_now_iso(char *buf, size_t size);

#endif
