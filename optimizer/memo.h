/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Failed partial schedules of the exact search (bnb.c), for the cutset dominance rule of
 * Demeulemeester & Herroelen. A state is (t, S, end of every task of S): the set S of tasks
 * started before time t, nothing else started before t. Internal to optimizer/.
 */
#ifndef IOA_MEMO_H
#define IOA_MEMO_H

#include <stddef.h>
#include <stdint.h>

#include "hmap.h"

struct ioa_memo_ent {
	int64_t t;
	int64_t T; /* failed under makespan <= T: holds for every T' <= T */
	int next;  /* next entry of the same set, -1 at the end */
	int run;   /* its running tasks: run_task/run_end[run .. run + nrun) */
	int nrun;
};

struct ioa_memo {
	int n, words;	     /* tasks, 64-bit words of a set */
	int shift;	     /* the instance is invariant under time shifts (see below) */
	size_t max_bytes;    /* no more entries beyond this */
	struct ioa_hmap map; /* set → set index */
	uint64_t *sets;	     /* [nsets * words] */
	int *first;	     /* [nsets] first entry of the set */
	int nsets, sets_alloc, first_alloc;
	struct ioa_memo_ent *ent;
	int nent, ent_alloc;
	int *run_task;
	int64_t *run_end;
	int nrun, run_alloc, end_alloc;
};

void ioa_memo_init(struct ioa_memo *m, int n, size_t max_bytes);
void ioa_memo_release(struct ioa_memo *m);

/*
 * ioa_memo_dominated() - whether a stored failed state dominates (t, @set, @end)
 * @end: [n] end of each task in @set. A stored (t', @set, end') dominates when t >= t' and
 * max(end_i, t) >= end'_i for every task i of the set still running at t', under a makespan
 * bound @T no larger than the stored one T'.
 * With m->shift (set it only when no task has a release above 0 or a deadline), a failed state
 * moved by d = T - T' in time is a failed state of the bound T (a completion of the one would
 * be a completion of the other, moved by -d), so the test becomes t >= t' + d and
 * max(end_i, t) >= end'_i + d, for any T: failures under one bound prune under the next.
 */
int ioa_memo_dominated(const struct ioa_memo *m, const uint64_t *set, int64_t t, const int64_t *end,
		       int64_t T);

/* store the failed state (t, @set, @end); silently nothing once max_bytes is reached */
void ioa_memo_add(struct ioa_memo *m, const uint64_t *set, int64_t t, const int64_t *end,
		  int64_t T);

#endif
