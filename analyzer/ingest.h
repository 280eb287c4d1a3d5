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

struct ioa_ingest_opts {
	const char *db_path;
	int raw;			/* also store every event in table event */
	enum ioa_format format;		/* IOA_FMT_UNKNOWN: detect from content */
	const struct ioa_vm_override *vms;
	int nr_vms;
	int isolate;			/* run the reader in a forked child (default 1) */
	const struct ioa_log *log;
};

struct ioa_ingest_result {
	int64_t trace_id;
	int duplicate;			/* the same content was already ingested: nothing changed */
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

#endif
