/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Start-window propagation under a makespan bound T, shared by the destructive lower bound
 * (destructive.c) and the exact search (bnb.c). Internal to optimizer/.
 */
#ifndef IOA_PROP_H
#define IOA_PROP_H

#include "optimizer.h"

/* one step of a resource profile: usage u on [t, next step's t) */
struct ioa_prop_step {
	int64_t t;
	int64_t u;
};

struct ioa_prop {
	const struct ioa_inst *inst;
	int n;
	int64_t *es, *ls;	  /* [n] start windows */
	unsigned char *incompat;  /* [n * n] cannot overlap */
	int64_t *pts1, *pts2;	  /* interval end points, 3 n each */
	struct ioa_prop_step *ev; /* [2 n] profile events / steps */
	int *clq, *clq_off, nclq; /* cliques of incompat: clq[clq_off[c] .. clq_off[c + 1]) */
	int *clq_ord;		  /* the same tasks by latest end (edge-finding), kept sorted */
	int *pairs, npairs;	  /* incompatible pairs (i, j), i < j */
	int *rt, *rt_off;	  /* tasks using resource k: rt[rt_off[k] .. rt_off[k + 1]) */
	int64_t *rt_dem;	  /* their demands on k, parallel to rt */
	int64_t *dur;		  /* [n] durations */
	int *adj, *adj_off;	  /* incompatible tasks of i: adj[adj_off[i] .. adj_off[i + 1]) */
	/*
	 * A window's last change (a clock tick) and each rule's last run: a rule looks again only
	 * at what changed since (the pairs of a changed task, a resource or clique holding one).
	 */
	int64_t *stamp, clock;
	int64_t last_prec, last_pairs, *last_res, *last_clq;
	int *queue;	       /* [n] tasks whose arcs the precedence rule looks at */
	unsigned char *queued; /* [n] on it */
	/*
	 * Tasks fixed (es = ls) to end by lo are left out of the rules: the caller has checked
	 * them against each other already (the search: every task fixed before its current time
	 * was fixed at a fixpoint where it still ran). INT64_MIN (the default): none left out.
	 */
	int64_t lo;
	double deadline; /* energetic reasoning stops at this ioa_now() */
	int energy;	 /* run energetic reasoning (the costly rule) */
};

/* allocate for @inst; energetic reasoning on, budget @time_limit seconds from now */
void ioa_prop_init(struct ioa_prop *p, const struct ioa_inst *inst, double time_limit);
void ioa_prop_release(struct ioa_prop *p);

/* windows of makespan <= @T from heads, tails and deadlines; 1 when one is already empty */
int ioa_prop_windows(struct ioa_prop *p, int64_t T);

/*
 * ioa_prop_run() - fixpoint of precedences, disjunctive pairs, edge-finding on cliques of
 * pairwise incompatible tasks, time-tabling and (when p->energy) energetic reasoning. Returns 1
 * when a window became empty or a resource profile overflows (no schedule within the windows
 * exists), else 0. Only start times that no schedule inside the windows can use are removed.
 */
int ioa_prop_run(struct ioa_prop *p);

/*
 * ioa_prop_run_after() - the same from a fixpoint of ioa_prop_run() (or of this) after which
 * only the window of task @j was narrowed (by the caller): the pair, time-tabling and
 * edge-finding rules look only at what changed since. The same fixpoint, less work.
 */
int ioa_prop_run_after(struct ioa_prop *p, int j);

/*
 * ioa_prop_shave() - shaving (destructive.c): a task whose first (last) start is refuted by
 * ioa_prop_run() loses it, in rounds until nothing changes (at most 16) or p->deadline.
 * Returns 1 when that empties a window, else 0 with the windows narrowed.
 */
int ioa_prop_shave(struct ioa_prop *p);

#endif
