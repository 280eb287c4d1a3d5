// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The paper's schedules, replayed on an instance (times as in the instance). A task is ready
 * when it is released and all its predecessors (its vCPU's previous segment) have finished.
 *
 * baseline: shortest run queue. In ready-time order (ties: lowest task id) each task joins the
 *   FIFO run queue of the pCPU with the least queued work at that moment (ties: lowest pCPU id;
 *   pinned tasks join their pCPU); no category awareness, so its schedule is checked for
 *   releases, chains and pCPUs only, not for the category rule.
 * online: the paper's policy as a hypervisor scheduler would run it, event by event. At every
 *   release or completion, ready tasks are dispatched to free pCPUs, best first by (earliest
 *   release, then earliest deadline when deadlines exist, then lowest task id), but a task is
 *   dispatched only if its category is not running on another pCPU (strict / EDF) or still has
 *   room under its capacity (overlap); COMPUTE is never blocked. A blocked task does not block
 *   others (work conserving). Pinned tasks wait for their pCPU.
 * edf: the same dispatcher without the category rule, best first by (earliest deadline, then
 *   release, then id): the base order of the paper's second mode.
 * ioa_inst_edf(): the EDF refinement mode as constraints of the same model. The EDF base
 *   schedule fixes each task's pCPU (a pin) and each pCPU's order (precedences between its
 *   consecutive tasks, in (start, topological rank) order, so the graph stays acyclic);
 *   deadlines are hard and categories unary. Any schedule of that instance keeps the EDF order
 *   of every pCPU; the solvers only remove same-category overlap within it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "optimizer.h"

struct heap {
	int *a;
	int n;
	const int64_t *k1, *k2; /* keys, compared in order, then the task id */
};

static int h_less(const struct heap *h, int x, int y)
{
	if (h->k1[x] != h->k1[y])
		return h->k1[x] < h->k1[y];
	if (h->k2 && h->k2[x] != h->k2[y])
		return h->k2[x] < h->k2[y];
	return x < y;
}

static void h_push(struct heap *h, int x)
{
	int i = h->n++;

	while (i > 0 && h_less(h, x, h->a[(i - 1) / 2])) {
		h->a[i] = h->a[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h->a[i] = x;
}

static int h_pop(struct heap *h)
{
	int top = h->a[0], x = h->a[--h->n], i = 0, c;

	while ((c = 2 * i + 1) < h->n) {
		if (c + 1 < h->n && h_less(h, h->a[c + 1], h->a[c]))
			c++;
		if (!h_less(h, h->a[c], x))
			break;
		h->a[i] = h->a[c];
		i = c;
	}
	if (h->n)
		h->a[i] = x;
	return top;
}

static void h_init(struct heap *h, int cap, const int64_t *k1, const int64_t *k2)
{
	h->a = ioa_xmalloc((size_t)(cap + 1) * sizeof(int));
	h->n = 0;
	h->k1 = k1;
	h->k2 = k2;
}

/* --- shared replay state --- */
struct replay {
	const struct ioa_inst *inst;
	int64_t *ready;	    /* ready time once known */
	int *left;	    /* predecessors not finished (baseline: not placed) */
	struct heap future; /* tasks whose predecessors are done, by ready time */
};

static void replay_init(struct replay *r, const struct ioa_inst *inst)
{
	int j;

	r->inst = inst;
	r->ready = ioa_xmalloc((size_t)(inst->n + 1) * sizeof(int64_t));
	r->left = ioa_xmalloc((size_t)(inst->n + 1) * sizeof(int));
	h_init(&r->future, inst->n, r->ready, NULL);
	for (j = 0; j < inst->n; j++) {
		r->ready[j] = inst->task[j].release;
		r->left[j] = inst->pred_off[j + 1] - inst->pred_off[j];
		if (!r->left[j])
			h_push(&r->future, j);
	}
}

static void replay_release(struct replay *r)
{
	free(r->ready);
	free(r->left);
	free(r->future.a);
}

/* j finished at @t: successors whose last predecessor this was become pending */
static void replay_done(struct replay *r, int j, int64_t t)
{
	int e;

	for (e = r->inst->succ_off[j]; e < r->inst->succ_off[j + 1]; e++) {
		int s = r->inst->succ[e];

		r->ready[s] = IOA_MAX(r->ready[s], t);
		if (!--r->left[s])
			h_push(&r->future, s);
	}
}

static int need_pcpus(const struct ioa_inst *inst, struct ioa_err *err)
{
	if (inst->pcpus < 1)
		return ioa_error(err, IOA_EINPUT, "the policies need a vCPU instance (pCPUs)");
	return 0;
}

int ioa_policy_baseline(const struct ioa_inst *inst, int64_t *start, int *cpu, struct ioa_err *err)
{
	struct replay r;
	int64_t *free_at;
	int ret = need_pcpus(inst, err), c;

	if (ret)
		return ret;
	replay_init(&r, inst);
	free_at = ioa_xcalloc((size_t)inst->pcpus, sizeof(int64_t));
	while (r.future.n) {
		int j = h_pop(&r.future), best = 0;
		int64_t t = r.ready[j];

		for (c = 1; c < inst->pcpus; c++)
			if (IOA_MAX(free_at[c] - t, 0) < IOA_MAX(free_at[best] - t, 0))
				best = c;
		if (inst->task[j].pin != IOA_NONE)
			best = inst->task[j].pin;
		cpu[j] = best;
		start[j] = IOA_MAX(t, free_at[best]);
		free_at[best] = start[j] + inst->task[j].dur;
		replay_done(&r, j, free_at[best]);
	}
	free(free_at);
	replay_release(&r);
	return 0;
}

struct online {
	struct replay r;
	struct heap cat[IOA_NCAT]; /* ready tasks per category */
	struct heap comp;	   /* running tasks by finish */
	int64_t *fin, *dl;
	int *busy; /* [P] task running on the pCPU or IOA_NONE */
	int use[IOA_NCAT];
	int nfree;
	int blind; /* EDF base order: no category rule */
};

static int demand(const struct ioa_inst *inst, int j)
{
	if (inst->task[j].cat == IOA_CAT_COMPUTE)
		return 0;
	return inst->mode == IOA_MODE_OVERLAP ? IOA_MIN(inst->task[j].util, inst->cat_cap) : 1;
}

/* the best dispatchable task of a category, or IOA_NONE */
static int on_candidate(const struct online *o, int c)
{
	const struct ioa_inst *inst = o->r.inst;
	int j;

	if (!o->cat[c].n)
		return IOA_NONE;
	j = o->cat[c].a[0];
	if (!o->blind && c != IOA_CAT_COMPUTE && o->use[c] + demand(inst, j) > inst->cat_cap)
		return IOA_NONE;
	if (inst->task[j].pin != IOA_NONE && o->busy[inst->task[j].pin] != IOA_NONE)
		return IOA_NONE;
	return j;
}

static void on_start(struct online *o, int j, int64_t now, int64_t *start, int *cpu)
{
	const struct ioa_inst *inst = o->r.inst;
	int c = inst->task[j].pin;

	if (c == IOA_NONE)
		for (c = 0; o->busy[c] != IOA_NONE; c++)
			;
	h_pop(&o->cat[inst->task[j].cat]);
	start[j] = now;
	cpu[j] = c;
	o->fin[j] = now + inst->task[j].dur;
	o->busy[c] = j;
	o->nfree--;
	o->use[inst->task[j].cat] += demand(inst, j);
	h_push(&o->comp, j);
}

static void on_dispatch(struct online *o, int64_t now, int64_t *start, int *cpu)
{
	while (o->nfree > 0) {
		int c, best = IOA_NONE;

		for (c = 0; c < IOA_NCAT; c++) {
			int j = on_candidate(o, c);

			if (j != IOA_NONE && (best == IOA_NONE || h_less(&o->cat[c], j, best)))
				best = j;
		}
		if (best == IOA_NONE)
			return;
		on_start(o, best, now, start, cpu);
	}
}

/* advance to the next event: completions free pCPUs, released tasks become ready */
static int64_t on_advance(struct online *o)
{
	const struct ioa_inst *inst = o->r.inst;
	int64_t now = INT64_MAX;

	if (o->r.future.n)
		now = o->r.ready[o->r.future.a[0]];
	if (o->comp.n)
		now = IOA_MIN(now, o->fin[o->comp.a[0]]);
	while (o->comp.n && o->fin[o->comp.a[0]] <= now) {
		int j = h_pop(&o->comp);
		int c;

		for (c = 0; o->busy[c] != j; c++)
			;
		o->busy[c] = IOA_NONE;
		o->nfree++;
		o->use[inst->task[j].cat] -= demand(inst, j);
		replay_done(&o->r, j, now);
	}
	while (o->r.future.n && o->r.ready[o->r.future.a[0]] <= now) {
		int j = h_pop(&o->r.future);

		h_push(&o->cat[inst->task[j].cat], j);
	}
	return now;
}

static void online_init(struct online *o, const struct ioa_inst *inst)
{
	int c, j;

	memset(o, 0, sizeof(*o));
	replay_init(&o->r, inst);
	o->fin = ioa_xcalloc((size_t)inst->n + 1, sizeof(int64_t));
	o->dl = ioa_xmalloc((size_t)(inst->n + 1) * sizeof(int64_t));
	for (j = 0; j < inst->n; j++)
		o->dl[j] = inst->task[j].deadline == IOA_NONE ? INT64_MAX : inst->task[j].deadline;
	/* release order: the segment's own release, not when its predecessor let it go */
	for (c = 0; c < IOA_NCAT; c++)
		h_init(&o->cat[c], inst->n, NULL, o->dl);
	h_init(&o->comp, inst->n, o->fin, NULL);
	o->busy = ioa_xmalloc((size_t)inst->pcpus * sizeof(int));
	for (c = 0; c < inst->pcpus; c++)
		o->busy[c] = IOA_NONE;
	o->nfree = inst->pcpus;
}

static void online_release(struct online *o)
{
	int c;

	for (c = 0; c < IOA_NCAT; c++)
		free(o->cat[c].a);
	free(o->comp.a);
	free(o->fin);
	free(o->dl);
	free(o->busy);
	replay_release(&o->r);
}

static int policy_run(const struct ioa_inst *inst, int edf, int64_t *start, int *cpu,
		      struct ioa_err *err)
{
	struct online o;
	int64_t *rel;
	int c, j, ret = need_pcpus(inst, err);

	if (ret)
		return ret;
	for (j = 0; j < inst->n; j++)
		if (inst->task[j].cat < 0 || inst->task[j].cat >= IOA_NCAT)
			return ioa_error(err, IOA_EINPUT, "task %d has no category", j + 1);
	online_init(&o, inst);
	o.blind = edf;
	rel = ioa_xmalloc((size_t)(inst->n + 1) * sizeof(int64_t));
	for (j = 0; j < inst->n; j++)
		rel[j] = inst->task[j].release;
	for (c = 0; c < IOA_NCAT; c++) {
		o.cat[c].k1 = edf ? o.dl : rel;
		o.cat[c].k2 = edf ? rel : o.dl;
	}
	while (o.r.future.n || o.comp.n) {
		int64_t now = on_advance(&o);

		on_dispatch(&o, now, start, cpu);
	}
	free(rel);
	online_release(&o);
	return 0;
}

int ioa_policy_online(const struct ioa_inst *inst, int64_t *start, int *cpu, struct ioa_err *err)
{
	return policy_run(inst, 0, start, cpu, err);
}

int ioa_policy_edf(const struct ioa_inst *inst, int64_t *start, int *cpu, struct ioa_err *err)
{
	return policy_run(inst, 1, start, cpu, err);
}

/* rebuild the precedence graph after edges were added to a finalized instance */
static int refinalize(struct ioa_inst *inst, struct ioa_err *err)
{
	free(inst->succ_off);
	free(inst->succ);
	free(inst->pred_off);
	free(inst->pred);
	free(inst->topo);
	free(inst->rank);
	inst->succ_off = inst->succ = inst->pred_off = inst->pred = NULL;
	inst->topo = inst->rank = NULL;
	return ioa_inst_finalize(inst, err);
}

/* pCPU sequences of the EDF base schedule as precedences (in (start, rank) order: acyclic) */
static void edf_edges(struct ioa_inst *out, const struct ioa_inst *in, const int64_t *start,
		      const int *cpu)
{
	int *list = ioa_xmalloc((size_t)(in->n + 1) * sizeof(int));
	int *last = ioa_xmalloc((size_t)(in->pcpus + 1) * sizeof(int));
	int i, c;

	ioa_list_by_key(in, start, list);
	for (c = 0; c < in->pcpus; c++)
		last[c] = IOA_NONE;
	for (i = 0; i < in->n; i++) {
		int j = list[i];

		if (last[cpu[j]] != IOA_NONE)
			ioa_inst_add_prec(out, last[cpu[j]], j);
		last[cpu[j]] = j;
	}
	free(list);
	free(last);
}

int ioa_inst_edf(struct ioa_inst *out, const struct ioa_inst *in, struct ioa_err *err)
{
	int64_t *start = ioa_xcalloc((size_t)in->n + 1, sizeof(int64_t));
	int *cpu = ioa_xcalloc((size_t)in->n + 1, sizeof(int));
	struct ioa_vtask *v = ioa_xcalloc((size_t)in->n + 1, sizeof(*v));
	int j, ret = ioa_policy_edf(in, start, cpu, err);

	memset(out, 0, sizeof(*out));
	for (j = 0; !ret && j < in->n; j++) {
		const struct ioa_task *t = &in->task[j];

		v[j] = (struct ioa_vtask){ t->release, t->dur,	 t->deadline, t->cat,
					   t->util,    t->chain, cpu[j] };
	}
	if (!ret)
		ret = ioa_inst_vcpu(out, v, in->n, in->pcpus, IOA_MODE_EDF, 1, err);
	if (!ret) {
		edf_edges(out, in, start, cpu);
		ret = refinalize(out, err);
	}
	if (!ret)
		snprintf(out->name, sizeof(out->name), "%.100s (EDF order)", in->name);
	free(start);
	free(cpu);
	free(v);
	return ret;
}

struct sev {
	int64_t t;
	int d;
};

static int sev_cmp(const void *a, const void *b)
{
	const struct sev *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->d - y->d; /* ends first: touching runs do not overlap */
}

/* time during which >= 2 tasks of category @c run */
static int64_t cat_overlap(const struct ioa_inst *inst, const int64_t *start, int c, struct sev *ev)
{
	int64_t sum = 0;
	int j, m = 0, run = 0, i;

	for (j = 0; j < inst->n; j++) {
		if (inst->task[j].cat != c || inst->task[j].dur <= 0)
			continue;
		ev[m++] = (struct sev){ start[j], 1 };
		ev[m++] = (struct sev){ start[j] + inst->task[j].dur, -1 };
	}
	qsort(ev, (size_t)m, sizeof(*ev), sev_cmp);
	for (i = 0; i < m; i++) {
		if (run >= 2)
			sum += ev[i].t - ev[i - 1].t;
		run += ev[i].d;
	}
	return sum;
}

void ioa_sched_stats(const struct ioa_inst *inst, const int64_t *start, struct ioa_sched_stats *s)
{
	struct sev *ev = ioa_xmalloc((size_t)(2 * inst->n + 1) * sizeof(*ev));
	int j, c;

	memset(s, 0, sizeof(*s));
	for (j = 0; j < inst->n; j++) {
		int64_t w = start[j] - inst->task[j].release;

		s->makespan = IOA_MAX(s->makespan, start[j] + inst->task[j].dur);
		s->wait_max = IOA_MAX(s->wait_max, w);
		s->lateness += w;
	}
	s->wait_mean = inst->n ? (double)s->lateness / inst->n : 0;
	for (c = 0; c < IOA_NCAT; c++)
		if (c != IOA_CAT_COMPUTE)
			s->overlap += cat_overlap(inst, start, c, ev);
	free(ev);
}
