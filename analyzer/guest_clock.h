/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Putting a guest trace that has no time sync on its host's clock. Both sides write numbered
 * markers: the guest "ioaware-sync N" into its own trace_marker, then the same N to the host
 * (over the serial console, say), where it goes into the host's trace_marker. Each N is then
 * a pair (guest time, host time) whose difference is the clock offset plus the latency of the
 * channel, which is never negative: the smallest difference is the offset estimate, and the
 * spread of the others above it is the channel's jitter.
 *
 * The smallest difference still holds the channel's smallest latency. A guest's events happen
 * only while its vCPU runs, so the offset is then refined: the shift within a small range
 * that puts the most guest events inside the host run segments of their vCPU's thread.
 */
#ifndef IOA_GUEST_CLOCK_H
#define IOA_GUEST_CLOCK_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "reader.h"

#define IOA_SYNC_MARKER "ioaware-sync "

struct ioa_sync_mark {
	uint64_t n;
	uint64_t ts;
};

struct ioa_sync_ev {
	int cpu;
	uint64_t ts;
};

struct ioa_sync {
	struct ioa_sync_mark *v;
	size_t nr, alloc;
	int want_events; /* ioa_sync_read() also keeps every event's CPU and time */
	struct ioa_sync_ev *ev;
	size_t nev, aev;
};

/* the run segments of the host thread that runs one guest CPU, in start order */
struct ioa_sync_runs {
	uint64_t (*v)[2];
	size_t nr, alloc;
};

void ioa_sync_release(struct ioa_sync *s);

/* a marker of @fields (an event's field text) when it holds IOA_SYNC_MARKER N; pure */
void ioa_sync_scan(struct ioa_sync *s, const char *fields, uint64_t ts);

/**
 * ioa_sync_read() - the sync markers of a trace file (trace.dat or text, @fmt as detected)
 * Returns 0 or the reader's error.
 */
int ioa_sync_read(struct ioa_sync *s, const char *path, enum ioa_format fmt, struct ioa_err *err);

struct ioa_sync_fit {
	int pairs;
	int64_t offset_ns; /* host = guest + offset */
	int64_t spread_ns; /* median pair difference minus the smallest */
};

/**
 * ioa_sync_align() - the offset from the pairs of @host and @guest markers (same N); pure
 * Returns the number of pairs (0: no offset).
 */
int ioa_sync_align(struct ioa_sync_fit *fit, const struct ioa_sync *host,
		   const struct ioa_sync *guest);

/**
 * ioa_sync_refine() - the shift in [@lo, @hi] ns (added to @offset) that puts the most events of
 * @guest (want_events) inside @runs[cpu] (@nruns guest CPUs); pure
 * Coarse steps of 50 µs, then 1 µs around the best; of equal counts the middle one.
 * @inside0, @inside: out, the share of the events inside at @offset and at @offset + shift
 * (events of CPUs without runs are not counted; none: 0).
 */
int64_t ioa_sync_refine(const struct ioa_sync *guest, const struct ioa_sync_runs *runs, int nruns,
			int64_t offset, int64_t lo, int64_t hi, double *inside0, double *inside);

#endif
