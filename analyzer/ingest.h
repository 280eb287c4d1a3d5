/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Ingest: one input file → one trace in the database, in one transaction. The reader runs in
 * a forked child so that a crash inside a trace library on a corrupt file becomes an error
 * message, and the database never sees a partial trace.
 */
#ifndef IOA_INGEST_H
#define IOA_INGEST_H

#include <stdint.h>

#include "error.h"
#include "model.h"
#include "reader.h"
#include "util.h"

/* the file being ingested is a guest of a host trace already in the database */
struct ioa_guest_link {
	int64_t host_trace_id;
	const char *host_path; /* the host's file: its sync markers are read from it */
	int64_t vm_id;	       /* the host's VM that ran the guest; 0: its only VM */
	int has_offset;	       /* 1: offset_ns given (--guest-offset), else marker pairs */
	int64_t offset_ns;     /* host time = guest time + offset_ns */
};

struct ioa_ingest_opts {
	const char *db_path;
	int raw;		/* also store every event in table event */
	enum ioa_format format; /* IOA_FMT_UNKNOWN: detect from content */
	const struct ioa_vm_override *vms;
	int nr_vms;
	int isolate;			    /* run the reader in a forked child (default 1) */
	const struct ioa_guest_link *guest; /* NULL, or: the file is this host's guest */
	const struct ioa_log *log;
	int read_threads; /* trace.dat decoding threads: 0 online CPUs - 2 (1-4), 1 none */
};

struct ioa_ingest_result {
	int64_t trace_id;
	int duplicate; /* the same content was already ingested: nothing changed */
	char format[32];
	uint64_t events;
	uint64_t segments;
	uint64_t exits;
	uint64_t ios;
	uint64_t lost;
	int threads;
	int vms;
	int vcpus;
	int warnings;
	double seconds;
	int read_threads;	  /* threads that decoded the file (trace.dat), else 1 */
	int sync_pairs;		  /* guest: marker pairs found (0: --guest-offset) */
	int64_t offset_ns;	  /* guest: offset put on its timestamps */
	int64_t spread_ns;	  /* guest: marker pairs' spread, -1 unknown */
	int refined;		  /* guest: offset refined by the vCPU's host runs */
	int64_t refine_ns;	  /* ... by this much (included in offset_ns) */
	double inside_pct;	  /* guest events inside their vCPU's host runs, % */
	double marker_inside_pct; /* ... at the markers' offset */
};

/**
 * ioa_ingest_file() - ingest @path into opts->db_path
 * @res: out, what was stored
 * Returns 0 (also when the file was already there: res->duplicate) or IOA_E* with the file and
 * position in @err; on error the database is left as it was.
 */
int ioa_ingest_file(struct ioa_ingest_result *res, const struct ioa_ingest_opts *opts,
		    const char *path, struct ioa_err *err);

/**
 * ioa_ingest_files() - ingest @n files; a host trace.dat and the guest files it recorded
 * (its GUEST option names their trace ids) form one set: one transaction, guest events on
 * the host clock, guest CPU n tied to its host vCPU thread (table guest_vcpu). Every other
 * file is its own transaction.
 * @res, @errs, @rets: @n entries, per file (a set's error is given to each of its files)
 * Returns 0 or the first file's error code.
 */
int ioa_ingest_files(struct ioa_ingest_result *res, struct ioa_err *errs, int *rets,
		     const struct ioa_ingest_opts *opts, const char *const *paths, int n);

/**
 * ioa_ingest_guest() - ingest @path, a guest trace recorded without time sync, as a guest of
 * opts->guest->host_trace_id: its timestamps move onto the host clock by --guest-offset or by
 * the sync marker pairs of both files refined by the vCPU threads' host runs
 * (analyzer/guest_clock.h), guest CPU n is tied to the
 * host thread of vCPU n of the host's VM (guest_vcpu), and the offset is kept in guest_clock.
 * One transaction; errors as ioa_ingest_file() (IOA_EINPUT: no marker pairs, no such VM).
 */
int ioa_ingest_guest(struct ioa_ingest_result *res, const struct ioa_ingest_opts *opts,
		     const char *path, struct ioa_err *err);

#endif
