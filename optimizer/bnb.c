// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Exact branch-and-bound over start windows (RCPSP with release dates and deadlines). The
 * makespan is minimised as a sequence of decision problems "is there a schedule of makespan
 * <= T?": first T = the lower bound (probes, see search()), then T = incumbent - 1 downwards.
 * Each is a depth-first search:
 *   - root: windows from heads, tails and deadlines, propagated by prop.c with every rule
 *     (precedences, disjunctive pairs, edge-finding on cliques, time-tabling, energetic
 *     reasoning);
 *   - node: the same without energetic reasoning; an empty window or an overloaded profile
 *     fails;
 *   - branching, chronological (schedule-or-postpone, Le Pape et al.): at the current time t,
 *     the task j not yet started with the smallest earliest start e (ties: smallest latest
 *     start) either starts at e, or starts later. In the second branch its earliest start
 *     jumps to the next time another task can end: min over i != j with ls_i + p_i > e of
 *     max(e + 1, es_i + p_i). When no task can start at t any more, time moves on to the
 *     smallest earliest start (timepoint()).
 * Why an exhausted search is a proof. Take the state at a time point: tasks S started before
 * t at known times, the others start at t or later. If a completion of makespan <= T exists,
 * shift its tasks left one unit at a time while the result stays feasible and no task moves
 * before t; in the result every task of the completion starts at t, at its release, or at the
 * end of another task (a predecessor ends there, or the usage of some resource drops there,
 * so some task ends there). That completion stays inside one branch at every node below (the
 * jump only skips times where no task ends), and the propagation removes no start time of a
 * schedule. So a subtree without a leaf proves that its state has no completion, and at the
 * root that T is infeasible: T + 1 is a lower bound. A leaf (every task started) is accepted
 * only after ioa_check().
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "lcg.h"
#include "memo.h"
#include "prop.h"

/* memory for failed states */
#define MEMO_BYTES (64u << 20)
/* share of the time for the probes at the lower bound */
#define PROBE_SHARE 0.1
/* share of a decision problem's time searched before its root is shaved */
#define SHAVE_AFTER 0.2

/*
 * What the two searches (ioa_bnb()) share: the best schedule and the best proven bound, taken
 * by each between its decision problems; done when either closes the gap (or on Ctrl-C).
 */
struct share {
	pthread_mutex_t mu;
	int64_t ub, lb;
	int64_t *start; /* [n] the schedule of makespan ub */
	volatile sig_atomic_t done;
};

struct bnb {
	const struct ioa_inst *inst;
	const struct ioa_bnb_opts *o;
	struct ioa_prop p;
	struct ioa_memo memo;
	struct ioa_lcg *lcg; /* nogood learning (lcg.c), or NULL */
	struct share *sh;    /* what the two searches share (ioa_bnb()), or NULL */
	int n, words;
	int64_t *root_es, *root_ls; /* [n] windows of the decision problem at its root */
	int64_t *save;		    /* [(n + 1) * 2n] windows saved per depth */
	int64_t *sol;		    /* [n] schedule found */
	const int64_t *inc;	    /* [n] the incumbent, to guide the nogood search */
	unsigned char *started;	    /* [n] started before or at the current time */
	int64_t *end;		    /* [n] their ends, 0 for the others */
	uint64_t *set;		    /* the started tasks as a set */
	double deadline, stop_at;   /* whole search; current decision problem */
	int64_t T;		    /* of the current decision problem */
	long nodes, memo_hits;
	int timeout;
};

static int stopped(const volatile sig_atomic_t *flag)
{
	return flag && __atomic_load_n(flag, __ATOMIC_RELAXED);
}

static int out_of_time(struct bnb *b)
{
	if ((b->nodes & 63) == 0 &&
	    (ioa_now() > b->stop_at || stopped(b->o->stop) || (b->sh && stopped(&b->sh->done))))
		b->timeout = 1;
	return b->timeout;
}

/* the task not yet started with the smallest earliest start, ties smallest latest start */
static int pick(const struct bnb *b)
{
	const int64_t *es = b->p.es, *ls = b->p.ls;
	int j, best = -1;

	for (j = 0; j < b->n; j++) {
		if (b->started[j])
			continue;
		if (best < 0 || es[j] < es[best] || (es[j] == es[best] && ls[j] < ls[best]))
			best = j;
	}
	return best;
}

/* the earliest start of j after "not at e" (left-shift dominance, see the top) */
static int64_t next_start(const struct bnb *b, int j, int64_t e)
{
	const struct ioa_inst *in = b->inst;
	int64_t best = INT64_MAX;
	int i;

	for (i = 0; i < b->n; i++) {
		int64_t p = in->task[i].dur;

		if (i == j || b->p.ls[i] + p <= e)
			continue;
		best = IOA_MIN(best, IOA_MAX(e + 1, b->p.es[i] + p));
	}
	return best;
}

static void save(struct bnb *b, int d)
{
	size_t sz = (size_t)b->n * sizeof(int64_t);

	memcpy(b->save + (size_t)d * 2 * b->n, b->p.es, sz);
	memcpy(b->save + (size_t)d * 2 * b->n + b->n, b->p.ls, sz);
}

static void restore(struct bnb *b, int d)
{
	size_t sz = (size_t)b->n * sizeof(int64_t);

	memcpy(b->p.es, b->save + (size_t)d * 2 * b->n, sz);
	memcpy(b->p.ls, b->save + (size_t)d * 2 * b->n + b->n, sz);
}

/*
 * below the root, the cheap rules only: energetic reasoning costs more than it prunes. The
 * tasks that ended by the current time @t are left out: each was fixed at a node of an earlier
 * time where it still ran, and checked there against every task it overlaps (prop.h). The
 * failed-state store relies on that: a stored state's past must be a feasible one. @j: the one
 * task whose window changed since the last fixpoint at @t, or -1 (all of them).
 */
static int propagate(struct bnb *b, int64_t t, int j)
{
	b->p.energy = 0;
	b->p.lo = t;
	return j < 0 ? ioa_prop_run(&b->p) : ioa_prop_run_after(&b->p, j);
}

/* every task started: a schedule, if the independent checker agrees */
static int leaf(struct bnb *b)
{
	if (ioa_check(b->inst, b->p.es, NULL, NULL))
		return 0;
	memcpy(b->sol, b->p.es, (size_t)b->n * sizeof(int64_t));
	return 1;
}

static void mark(struct bnb *b, int j, int on)
{
	b->started[j] = (unsigned char)on;
	b->end[j] = on ? b->p.es[j] + b->p.dur[j] : 0;
	if (on)
		b->set[j / 64] |= 1ull << (j % 64);
	else
		b->set[j / 64] &= ~(1ull << (j % 64));
}

static int timepoint(struct bnb *b, int d, int64_t t);

/*
 * 1: schedule found (b->sol), 0: none below this node, -1: out of time. Every node is looked up
 * in the failed-state store as the state (t, started set, ends) once j has started at t: the
 * node's completions (the others start at t or later, the postponed ones later) are completions
 * of that state, and the dominance argument of timepoint() needs only that every task of the
 * set started at or before t. A dominated node is pruned before any propagation (j3013 of
 * PSPLIB: 1.6 M nodes instead of 2.8 M).
 */
static int dfs(struct bnb *b, int d, int64_t t)
{
	for (;;) {
		int64_t e;
		int j, r = 0;

		b->nodes++;
		if (out_of_time(b))
			return -1;
		j = pick(b);
		if (j < 0)
			return leaf(b);
		e = b->p.es[j];
		if (e > t)
			return timepoint(b, d, e);
		save(b, d);
		b->p.ls[j] = e;
		mark(b, j, 1);
		if (ioa_memo_dominated(&b->memo, b->set, t, b->end, b->T))
			b->memo_hits++;
		else if (!propagate(b, t, j))
			r = dfs(b, d + 1, t);
		mark(b, j, 0);
		if (r)
			return r;
		restore(b, d);
		b->p.es[j] = next_start(b, j, e);
		if (b->p.es[j] > b->p.ls[j] || propagate(b, t, j))
			return 0;
	}
}

/*
 * A new time t: every task started so far started before t, the others start at or after t.
 * What can follow depends only on t, the started set and their ends (the windows are rebuilt
 * from them), so a failed state dominates any later one with the same set whose tasks end no
 * earlier (cutset dominance): its completions would complete the failed one.
 */
static int timepoint(struct bnb *b, int d, int64_t t)
{
	int j, r = 0;

	if (ioa_memo_dominated(&b->memo, b->set, t, b->end, b->T)) {
		b->memo_hits++;
		return 0;
	}
	for (j = 0; j < b->n; j++) {
		if (b->started[j])
			continue;
		b->p.es[j] = IOA_MAX(b->root_es[j], t);
		b->p.ls[j] = b->root_ls[j];
	}
	if (!propagate(b, t, -1))
		r = dfs(b, d, t);
	if (!r)
		ioa_memo_add(&b->memo, b->set, t, b->end, b->T);
	return r;
}

/* search from the root windows in b->p (propagated); 1, 0 or -1 as decide() */
static int descend(struct bnb *b, double stop_at)
{
	int64_t t = INT64_MAX;
	int j;

	b->stop_at = stop_at;
	b->timeout = 0;
	memcpy(b->root_es, b->p.es, (size_t)b->n * sizeof(int64_t));
	memcpy(b->root_ls, b->p.ls, (size_t)b->n * sizeof(int64_t));
	for (j = 0; j < b->n; j++)
		t = IOA_MIN(t, b->root_es[j]);
	memset(b->started, 0, (size_t)b->n);
	memset(b->end, 0, (size_t)b->n * sizeof(int64_t));
	memset(b->set, 0, (size_t)b->words * sizeof(uint64_t));
	return timepoint(b, 0, t);
}

/*
 * 1: a schedule of makespan <= T in b->sol, 0: none exists, -1: out of time (@stop_at). The
 * search first runs on a share of the time from the propagated root; when that does not decide,
 * the root is shaved (destructive.c) and the search starts again from the narrower windows,
 * the failed states of the first run still in the memo. Shaving costs n propagations per
 * round: too much for the many probes that a short search decides, worth it on the others
 * (j3025 from its critical-path bound, every root shaved: 39,037 nodes instead of 135,595).
 */
static int decide_at(struct bnb *b, int64_t T, double stop_at)
{
	int r;

	if (stop_at - ioa_now() <= 0)
		return -1;
	b->T = T;
	b->p.energy = 1;
	b->p.lo = INT64_MIN;
	b->p.deadline = stop_at;
	if (ioa_prop_windows(&b->p, T) || ioa_prop_run(&b->p))
		return ioa_now() < stop_at ? 0 : -1;
	if (b->lcg)
		return ioa_lcg_decide(b->lcg, T, b->p.es, b->p.ls, b->inc, stop_at, b->o->stop,
				      b->sh ? &b->sh->ub : NULL, b->sol, &b->nodes);
	r = descend(b, ioa_now() + SHAVE_AFTER * (stop_at - ioa_now()));
	if (r >= 0 || ioa_now() >= stop_at || stopped(b->o->stop))
		return r;
	b->p.energy = 1;
	b->p.lo = INT64_MIN;
	if (ioa_prop_windows(&b->p, T) || ioa_prop_run(&b->p) || ioa_prop_shave(&b->p))
		return ioa_now() < stop_at ? 0 : -1;
	return descend(b, stop_at);
}

/* decide_at(), with its outcome in the debug log (counts since the search began) */
static int decide(struct bnb *b, int64_t T, double stop_at)
{
	static const char *const what[] = { "undecided", "infeasible", "feasible" };
	double t = ioa_now();
	int r = decide_at(b, T, stop_at);

	if (b->o->log && b->lcg)
		ioa_log(b->o->log, IOA_LOG_DEBUG,
			"branch-and-bound, nogoods: makespan <= %lld %s in %.2f s, %ld nodes, "
			"%d nogoods stored\n",
			(long long)T, what[r + 1], ioa_now() - t, b->nodes,
			ioa_lcg_nogoods(b->lcg));
	else if (b->o->log)
		ioa_log(b->o->log, IOA_LOG_DEBUG,
			"branch-and-bound, depth-first: makespan <= %lld %s in %.2f s, %ld nodes, "
			"%d failed states stored so far\n",
			(long long)T, what[r + 1], ioa_now() - t, b->nodes, b->memo.nent);
	return r;
}

/*
 * the better of ours and the shared ones; 1 when the gap is closed. The depth-first search
 * takes the bound but keeps its own schedules: its failed states from finding each better one
 * prune its last proof (j3013: 9.1 s with the other's schedules, 7.0-8.2 s without).
 */
static int trade(struct bnb *b, int64_t *lb, int64_t *ub, int64_t *start)
{
	struct share *sh = b->sh;
	size_t sz = (size_t)b->n * sizeof(int64_t);
	int closed;

	if (!sh)
		return *lb >= *ub;
	pthread_mutex_lock(&sh->mu);
	if (*ub < sh->ub) {
		__atomic_store_n(&sh->ub, *ub, __ATOMIC_RELAXED); /* read unlocked by lcg.c */
		memcpy(sh->start, start, sz);
	} else if (sh->ub < *ub && b->lcg) {
		*ub = sh->ub;
		memcpy(start, sh->start, sz);
	}
	sh->lb = IOA_MAX(sh->lb, *lb);
	*lb = sh->lb;
	closed = sh->lb >= sh->ub || stopped(b->o->stop);
	if (closed)
		__atomic_store_n(&sh->done, 1, __ATOMIC_RELAXED);
	pthread_mutex_unlock(&sh->mu);
	return closed;
}

/*
 * The depth-first search: the lower bound first, on a share of the time: where the bound is
 * tight, a schedule at the bound ends the search, and each refuted probe raises the bound.
 * Then T = incumbent - 1 downwards with the rest: the failed states of the searches that find
 * schedules prune the last one, the proof (j3013 of PSPLIB: 1.6 M nodes in all downwards,
 * 5.5 M upwards). The nogood search (b->lcg) goes downwards only: its nogoods hold for every
 * smaller T. Returns the bound; @ub and @start updated.
 */
static int64_t search(struct bnb *b, int64_t lb, int64_t *ub, int64_t *start)
{
	double up_to = ioa_now() + PROBE_SHARE * (b->deadline - ioa_now());
	int r = 0;

	while (!b->lcg && !trade(b, &lb, ub, start)) {
		r = decide(b, lb, up_to);
		if (r > 0) {
			memcpy(start, b->sol, (size_t)b->n * sizeof(int64_t));
			*ub = ioa_makespan(b->inst, start);
		}
		if (r)
			break;
		lb++;
	}
	while (!trade(b, &lb, ub, start)) {
		r = decide(b, *ub - 1, b->deadline);
		if (r < 0 && b->lcg && ioa_now() < b->deadline && !stopped(&b->sh->done))
			continue; /* the other search found a schedule of makespan <= T */
		if (r < 0)
			break;
		if (r == 0)
			lb = *ub;
		else {
			memcpy(start, b->sol, (size_t)b->n * sizeof(int64_t));
			*ub = ioa_makespan(b->inst, start);
		}
	}
	return lb;
}

/* no release above 0 and no deadline: a schedule moved in time stays one (memo.h) */
static int shift_invariant(const struct ioa_inst *inst)
{
	int j;

	for (j = 0; j < inst->n; j++)
		if (inst->task[j].release > 0 || inst->task[j].deadline != IOA_NONE)
			return 0;
	return 1;
}

static void bnb_init(struct bnb *b, const struct ioa_inst *inst, const struct ioa_bnb_opts *o,
		     double deadline, int lcg)
{
	memset(b, 0, sizeof(*b));
	b->inst = inst;
	b->o = o;
	b->n = inst->n;
	b->deadline = deadline;
	ioa_prop_init(&b->p, inst, deadline - ioa_now());
	b->save = ioa_xmalloc((size_t)(inst->n + 2) * 2 * inst->n * sizeof(int64_t));
	b->sol = ioa_xmalloc((size_t)inst->n * sizeof(int64_t));
	b->root_es = ioa_xmalloc((size_t)inst->n * sizeof(int64_t));
	b->root_ls = ioa_xmalloc((size_t)inst->n * sizeof(int64_t));
	b->started = ioa_xmalloc((size_t)inst->n);
	b->end = ioa_xmalloc((size_t)inst->n * sizeof(int64_t));
	b->words = (inst->n + 63) / 64;
	b->set = ioa_xmalloc((size_t)b->words * sizeof(uint64_t));
	ioa_memo_init(&b->memo, inst->n, lcg ? 0 : MEMO_BYTES);
	b->memo.shift = shift_invariant(inst);
	if (lcg)
		b->lcg = ioa_lcg_new(inst, &b->p);
}

static void bnb_release(struct bnb *b)
{
	free(b->save);
	free(b->sol);
	free(b->root_es);
	free(b->root_ls);
	free(b->started);
	free(b->end);
	free(b->set);
	ioa_memo_release(&b->memo);
	ioa_lcg_free(b->lcg);
	ioa_prop_release(&b->p);
}

/* the nogood search on its own thread, with its own incumbent */
struct side {
	struct bnb b;
	int64_t lb, ub, *start;
};

static void *side_main(void *arg)
{
	struct side *d = arg;

	d->lb = search(&d->b, d->lb, &d->ub, d->start);
	return NULL;
}

/*
 * Two exact searches side by side, sharing schedules and bounds: the depth-first search with
 * the failed-state store here, the nogood search (lcg.c) on a thread. On the shipped PSPLIB
 * instances each proves what the other cannot within 10 s: the first j3013, the second the
 * j60 instances (bench/README). Without a thread, the first alone.
 */
int64_t ioa_bnb(const struct ioa_inst *inst, int64_t lb, const struct ioa_bnb_opts *o,
		int64_t *start, struct ioa_bnb_out *out)
{
	struct ioa_bnb_opts so;
	struct share sh = { .mu = PTHREAD_MUTEX_INITIALIZER };
	struct side d;
	struct bnb b;
	double t0 = ioa_now();
	int64_t ub = ioa_makespan(inst, start);
	pthread_t th;
	int side = 0;

	memset(out, 0, sizeof(*out));
	if (inst->n <= 0 || inst->n > IOA_BNB_MAX_TASKS)
		goto done;
	bnb_init(&b, inst, o, t0 + o->time_limit, o->engine == IOA_BNB_LCG);
	b.inc = start;
	if (o->engine == IOA_BNB_BOTH) {
		sh.ub = ub;
		sh.lb = lb;
		sh.start = ioa_xmalloc((size_t)inst->n * sizeof(int64_t));
		memcpy(sh.start, start, (size_t)inst->n * sizeof(int64_t));
		so = *o;
		so.stop = &sh.done;
		bnb_init(&d.b, inst, &so, b.deadline, 1);
		d.b.sh = &sh;
		d.lb = lb;
		d.ub = ub;
		d.start = ioa_xmalloc((size_t)inst->n * sizeof(int64_t));
		memcpy(d.start, start, (size_t)inst->n * sizeof(int64_t));
		d.b.inc = d.start;
		side = !pthread_create(&th, NULL, side_main, &d);
		if (side)
			b.sh = &sh;
	}
	lb = search(&b, lb, &ub, start);
	if (side) {
		__atomic_store_n(&sh.done, 1, __ATOMIC_RELAXED);
		pthread_join(th, NULL);
		trade(&b, &lb, &ub, start);
		if (sh.ub < ub) {
			ub = sh.ub;
			memcpy(start, sh.start, (size_t)inst->n * sizeof(int64_t));
		}
		out->nodes += d.b.nodes;
	}
	if (o->engine == IOA_BNB_BOTH) {
		bnb_release(&d.b);
		free(d.start);
		free(sh.start);
	}
	out->nodes += b.nodes;
	out->memo_hits = b.memo_hits;
	bnb_release(&b);
done:
	out->makespan = ub;
	out->bound = lb;
	out->seconds = ioa_now() - t0;
	return lb;
}
