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
	IOA_FMT_TRACEDAT,    /* trace-cmd trace.dat v6/v7 */
	IOA_FMT_TRACEFS,     /* raw tracefs text: "# tracer:" header */
	IOA_FMT_REPORT,	     /* trace-cmd report text: "cpus=N" header (also -N, -R, -t) */
	IOA_FMT_PERF_SCRIPT, /* perf script text (µs or --ns) */
	IOA_FMT_ANDROID,     /* systrace/atrace text with a TGID column */
	IOA_FMT_PERF_DATA,   /* perf.data: "PERFILE2" */
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

/* One guest recorded with its host: the host threads that run its vCPUs. */
struct ioa_guest_map {
	int host_index;	 /* index in @paths of the host file that recorded the guest */
	int guest_index; /* index in @paths of the guest's own file */
	char name[64];	 /* guest name as trace-cmd recorded it */
	int nr_vcpus;
	int *vcpu_tid; /* [vcpu] host thread id running that vCPU; owned */
};

struct ioa_guest_maps {
	struct ioa_guest_map *v;
	int nr;
};

/**
 * ioa_read_tracedat_multi() - read a host trace.dat and its guests' files merged in time order
 * @paths: @n files, the host first
 * @on_file: called as on_file(sink->priv, index in @paths) before an event whose file differs
 *	from the previous event's (so before the first event too); may be NULL
 * @metas: @n metas, filled one per file
 * @maps: filled with every guest vCPU → host thread map the files carry (may be NULL);
 *	release with ioa_guest_maps_release() even on error
 *
 * Guest timestamps are moved onto the host clock by libtracecmd when the guest file carries
 * the host's trace id in its time-shift (TSC2NSEC/TimeShift) options. Errors as
 * ioa_read_tracedat(); IOA_ENODATA when no file holds any event.
 */
int ioa_read_tracedat_multi(const char *const *paths, int n, const struct ioa_event_sink *sink,
			    void (*on_file)(void *priv, int file_index),
			    struct ioa_trace_meta *metas, struct ioa_guest_maps *maps,
			    struct ioa_err *err);

/**
 * ioa_tracedat_relations() - which of @n trace.dat files are guests of which
 * @host_of: out, @n entries: the index of the host file that recorded file i as a guest
 *	(its GUEST option names file i's trace id), or -1
 * Opens every file (no events read). Errors as ioa_read_tracedat().
 */
int ioa_tracedat_relations(const char *const *paths, int n, int *host_of, struct ioa_err *err);

/** ioa_guest_maps_release() - free what ioa_read_tracedat_multi() put in @maps */
void ioa_guest_maps_release(struct ioa_guest_maps *maps);

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
