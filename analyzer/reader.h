/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Trace readers: each turns one input file into struct ioa_event calls on a sink, in file
 * order, and fills struct ioa_trace_meta. Readers never print and never exit; errors come back
 * as IOA_E* with the file and position in @err ("trace.txt: line 12: ...").
 */
#ifndef IOA_READER_H
#define IOA_READER_H

#include <stddef.h>

#include "error.h"
#include "event.h"

enum ioa_format {
	IOA_FMT_UNKNOWN = 0,
	IOA_FMT_TRACEDAT,	/* trace-cmd trace.dat v6/v7 */
	IOA_FMT_TRACEFS,	/* raw tracefs text: "# tracer:" header */
	IOA_FMT_REPORT,		/* trace-cmd report text: "cpus=N" header (also -N, -R, -t) */
	IOA_FMT_PERF_SCRIPT,	/* perf script text (µs or --ns) */
	IOA_FMT_ANDROID,	/* systrace/atrace text with a TGID column */
	IOA_FMT_PERF_DATA,	/* perf.data: "PERFILE2" */
};

/* "trace.dat", "tracefs", "report", "perf-script", "android", "perf.data" */
const char *ioa_format_name(enum ioa_format f);
/* parse a --format value; IOA_FMT_UNKNOWN when not a format name */
enum ioa_format ioa_format_parse(const char *name);

/**
 * ioa_format_detect() - tell the format from the first bytes of a file (pure)
 * @buf: the first @len bytes (4 KiB is plenty)
 * Returns IOA_FMT_UNKNOWN when nothing matches.
 */
enum ioa_format ioa_format_detect(const char *buf, size_t len);

/**
 * ioa_read_tracedat() - read a trace.dat (v6, v7 zstd/zlib) through libtracecmd
 * Fails with IOA_ENODATA when the file holds no event data, IOA_EINPUT when corrupt.
 */
int ioa_read_tracedat(const char *path, const struct ioa_event_sink *sink,
		      struct ioa_trace_meta *meta, struct ioa_err *err);

/**
 * ioa_read_text() - read any text format (tracefs, report, perf script, android)
 * @fmt: IOA_FMT_* of a text format, or IOA_FMT_UNKNOWN to detect from content
 */
int ioa_read_text(const char *path, enum ioa_format fmt, const struct ioa_event_sink *sink,
		  struct ioa_trace_meta *meta, struct ioa_err *err);

/**
 * ioa_read_text_mem() - the same on a memory buffer (tests and fuzzing); @name names it in
 * messages
 */
int ioa_read_text_mem(const char *buf, size_t len, const char *name, enum ioa_format fmt,
		      const struct ioa_event_sink *sink, struct ioa_trace_meta *meta,
		      struct ioa_err *err);

/**
 * ioa_read_perfdata() - read perf.data by running `perf script --ns` and parsing its output;
 * IOA_EUNSUPPORTED with how to convert it by hand when perf is not installed
 */
int ioa_read_perfdata(const char *path, const struct ioa_event_sink *sink,
		      struct ioa_trace_meta *meta, struct ioa_err *err);

#endif
