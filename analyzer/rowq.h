/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A bounded queue of derived rows between the reading thread (reader + model) and one
 * writer thread that owns the database connection while a file is read. Rows travel in
 * batches so the lock is taken once per few hundred rows; the queue holds at most
 * IOA_ROWQ_DEPTH batches, so memory stays flat however long the trace is.
 */
#ifndef IOA_ROWQ_H
#define IOA_ROWQ_H

#include <stdint.h>

#include "rows.h"

enum ioa_rowq_kind {
	IOA_ROWQ_SEGMENT = 1,
	IOA_ROWQ_EXIT,
	IOA_ROWQ_IO,
	IOA_ROWQ_EVENT, /* --raw */
};

struct ioa_raw_event {
	uint64_t ts;
	int cpu;
	int tid;
	char *name;   /* heap copy owned by the queue item: the writer thread may
		       * insert it after the reader and its names are gone */
	char *fields; /* heap copy owned by the queue item, NULL none */
};

struct ioa_rowq_item {
	int kind;
	int64_t trace_id; /* the trace the row belongs to */
	union {
		struct ioa_segment_row seg;
		struct ioa_exit_row exit;
		struct ioa_io_row io;
		struct ioa_raw_event ev;
	} u;
};

struct ioa_rowq;

/*
 * @write: called on the writer thread for each item, in order, then once with NULL after
 * the last (to store what it holds back); a non-zero return stops the writer, and every
 * later ioa_rowq_push() returns that value.
 */
struct ioa_rowq *ioa_rowq_start(int (*write)(void *priv, const struct ioa_rowq_item *it),
				void *priv);
/* queue one item (copied); returns 0 or the writer's error */
int ioa_rowq_push(struct ioa_rowq *q, const struct ioa_rowq_item *it);
/* flush, wait for the writer, free; returns the writer's first error or 0 */
int ioa_rowq_finish(struct ioa_rowq *q);

#endif
