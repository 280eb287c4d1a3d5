// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The discrete-event simulator (model and rules in sim.h). Events are task completions and
 * task readiness; between two events every component's demand is constant, so the state is
 * advanced in one step: each component keeps a virtual clock V that runs at its delivered rate,
 * and a running task finishes when V reaches V(at its start) + its duration. A component's next
 * completion is the top of a heap of those virtual finish times, so a rate change costs O(1)
 * and an event O(log n). Tasks are addressed by rank, their position in the global
 * (planned start, index) order, which is also the order of every pCPU queue and chain: that
 * makes the dependency graph acyclic by construction and every tie deterministic.
 * Times inside are doubles in ns relative to the first release (exact for integer times below
 * 2^53 ns, so a replay without stretch is exact); demands are integers in 1/1000 %.
 */
#include "sim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define MILLI 1000.0
#define EPS_NS 0.5 /* completion tolerance: below a trace's resolution */

struct hent {
	double k;
	int r;
};

struct heap {
	struct hent *a;
	int n, alloc;
};

struct sim {
	const struct ioa_sim_task *t;
	struct ioa_sim_opts o;
	int n, pcpus, nchains;
	int *ord;		     /* rank -> task */
	int *next_pcpu, *next_chain; /* rank -> rank of the successor, -1 */
	unsigned char *deps;	     /* rank -> unfinished predecessors */
	int64_t *udem;		     /* rank -> demand in 1/1000 % */
	double *ready;		     /* rank -> max(planned start, release) */
	double *st, *fin;	     /* rank -> executed start / end */
	struct heap timer, run[IOA_NCAT], waitq[IOA_SIM_NCOMP];
	double v[IOA_NCAT], rate[IOA_NCAT];
	int64_t dem[IOA_NCAT], cap, maxdem[IOA_SIM_NCOMP], last[IOA_SIM_NCOMP];
	int nrun[IOA_NCAT];
	double now;
	int done, changed, progress;
	double dem_int[IOA_SIM_NCOMP], work_int[IOA_SIM_NCOMP];
	double over[IOA_SIM_NCOMP], overlap[IOA_SIM_NCOMP], any_over;
	struct ioa_sim_comp *comp; /* the result's, for the series */
	int salloc[IOA_SIM_NCOMP];
	int64_t t0;
};

static int hless(const struct hent *x, const struct hent *y)
{
	return x->k < y->k || (x->k == y->k && x->r < y->r);
}

static void heap_push(struct heap *h, double k, int r)
{
	int i;

	IOA_GROW(h->a, h->n, h->alloc);
	i = h->n++;
	h->a[i].k = k;
	h->a[i].r = r;
	while (i && hless(&h->a[i], &h->a[(i - 1) / 2])) {
		struct hent tmp = h->a[i];

		h->a[i] = h->a[(i - 1) / 2];
		h->a[(i - 1) / 2] = tmp;
		i = (i - 1) / 2;
	}
}

static int heap_pop(struct heap *h)
{
	int r = h->a[0].r, i = 0;
	struct hent last = h->a[--h->n];

	for (;;) {
		int c = 2 * i + 1;

		if (c >= h->n)
			break;
		if (c + 1 < h->n && hless(&h->a[c + 1], &h->a[c]))
			c++;
		if (!hless(&h->a[c], &last))
			break;
		h->a[i] = h->a[c];
		i = c;
	}
	if (h->n)
		h->a[i] = last;
	return r;
}

int ioa_sim_model_parse(const char *s)
{
	if (!strcmp(s, "none"))
		return IOA_SIM_NONE;
	if (!strcmp(s, "share"))
		return IOA_SIM_SHARE;
	if (!strcmp(s, "block"))
		return IOA_SIM_BLOCK;
	return -1;
}

const char *ioa_sim_model_name(int model)
{
	return model == IOA_SIM_NONE ? "none" : model == IOA_SIM_BLOCK ? "block" : "share";
}

struct okey {
	int64_t start;
	int j;
};

static int okey_cmp(const void *a, const void *b)
{
	const struct okey *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->j > y->j) - (x->j < y->j);
}

static int validate(const struct ioa_sim_task *t, const struct ioa_sim_place *pl, int n, int pcpus,
		    int *nchains, struct ioa_err *err)
{
	int j;

	*nchains = 0;
	if (pcpus <= 0)
		return ioa_error(err, IOA_EINPUT, "simulate: %d pCPUs", pcpus);
	for (j = 0; j < n; j++) {
		if (pl[j].pcpu < 0 || pl[j].pcpu >= pcpus)
			return ioa_error(err, IOA_EINPUT, "simulate: task %d on pCPU %d of %d", j,
					 pl[j].pcpu, pcpus);
		if (t[j].dur_ns < 0 || t[j].cat < 0 || t[j].cat >= IOA_NCAT || t[j].util_pct < 0)
			return ioa_error(err, IOA_EINPUT,
					 "simulate: task %d: bad duration, category or utilisation",
					 j);
		if (t[j].chain >= 16 * n + 1024)
			return ioa_error(err, IOA_EINPUT,
					 "simulate: task %d: chain id %d too large", j, t[j].chain);
		if (t[j].chain >= *nchains)
			*nchains = t[j].chain + 1;
	}
	return 0;
}

/* rank order, queues and chains; returns the first release */
static int64_t build(struct sim *s, const struct ioa_sim_place *pl)
{
	struct okey *k = ioa_xmalloc((size_t)s->n * sizeof(*k));
	int *lastp = ioa_xmalloc((size_t)s->pcpus * sizeof(int));
	int *lastc = ioa_xmalloc((size_t)(s->nchains + 1) * sizeof(int));
	int64_t t0 = INT64_MAX;
	int r, j;

	for (j = 0; j < s->n; j++) {
		k[j].start = pl[j].start_ns;
		k[j].j = j;
		t0 = IOA_MIN(t0, s->t[j].release_ns);
	}
	qsort(k, (size_t)s->n, sizeof(*k), okey_cmp);
	memset(lastp, 0xff, (size_t)s->pcpus * sizeof(int));
	memset(lastc, 0xff, (size_t)(s->nchains + 1) * sizeof(int));
	for (r = 0; r < s->n; r++) {
		const struct ioa_sim_task *t = &s->t[k[r].j];
		int p = pl[k[r].j].pcpu;

		s->ord[r] = k[r].j;
		s->next_pcpu[r] = s->next_chain[r] = -1;
		s->udem[r] = t->cat < IOA_SIM_NCOMP ? llround(t->util_pct * MILLI) : 0;
		s->ready[r] = (double)(IOA_MAX(k[r].start, t->release_ns) - t0);
		if (lastp[p] >= 0) {
			s->next_pcpu[lastp[p]] = r;
			s->deps[r]++;
		}
		lastp[p] = r;
		if (t->chain >= 0) {
			if (lastc[t->chain] >= 0) {
				s->next_chain[lastc[t->chain]] = r;
				s->deps[r]++;
			}
			lastc[t->chain] = r;
		}
	}
	free(k);
	free(lastp);
	free(lastc);
	return t0;
}

static void series_add(struct sim *s, int c)
{
	struct ioa_sim_comp *cp = &s->comp[c];
	int64_t t = s->t0 + llround(s->now);
	double u = (double)s->dem[c] / MILLI;

	if (cp->nseries && cp->series[cp->nseries - 1].t_ns == t) {
		cp->nseries--; /* same ns: the later value holds */
		if (cp->nseries && cp->series[cp->nseries - 1].util_pct == u)
			return;
	}
	IOA_GROW(cp->series, cp->nseries, s->salloc[c]);
	cp->series[cp->nseries].t_ns = t;
	cp->series[cp->nseries++].util_pct = u;
}

static void start(struct sim *s, int r)
{
	int j = s->ord[r];
	int c = s->t[j].cat;

	s->st[r] = s->now;
	heap_push(&s->run[c], s->v[c] + (double)s->t[j].dur_ns, r);
	s->dem[c] += s->udem[r];
	s->nrun[c]++;
	s->changed |= 1 << c;
	s->progress++;
}

static void release_succ(struct sim *s, int q)
{
	if (q >= 0 && --s->deps[q] == 0)
		heap_push(&s->timer, IOA_MAX(s->ready[q], s->now), q);
}

static void finish(struct sim *s, int c)
{
	int r = heap_pop(&s->run[c]);

	s->fin[r] = s->now;
	s->dem[c] -= s->udem[r];
	s->nrun[c]--;
	s->changed |= 1 << c;
	s->done++;
	s->progress++;
	release_succ(s, s->next_pcpu[r]);
	release_succ(s, s->next_chain[r]);
}

/* block model: admit waiting tasks in rank order while they fit */
static void admit(struct sim *s, int c)
{
	struct heap *w = &s->waitq[c];

	while (w->n) {
		int r = w->a[0].r;

		if (s->nrun[c] && s->dem[c] + s->udem[r] > s->cap)
			break;
		heap_pop(w);
		start(s, r);
	}
}

static void ready_task(struct sim *s)
{
	int r = heap_pop(&s->timer);
	int c = s->t[s->ord[r]].cat;

	if (s->o.model == IOA_SIM_BLOCK && c < IOA_SIM_NCOMP) {
		heap_push(&s->waitq[c], (double)r, r);
		s->progress++;
	} else {
		start(s, r);
	}
}

/* integrate the figures over [now, tn) and move the virtual clocks */
static void advance(struct sim *s, double tn)
{
	double dt = tn - s->now;
	int c, any = 0;

	if (dt <= 0)
		return;
	for (c = 0; c < IOA_NCAT; c++)
		s->v[c] += s->rate[c] * dt;
	for (c = 0; c < IOA_SIM_NCOMP; c++) {
		s->dem_int[c] += (double)s->dem[c] * dt;
		s->work_int[c] += (double)IOA_MIN(s->dem[c], s->cap) * dt;
		if (s->dem[c] > s->cap) {
			s->over[c] += dt;
			any = 1;
		}
		if (s->nrun[c] >= 2)
			s->overlap[c] += dt;
	}
	if (any)
		s->any_over += dt;
	s->now = tn;
}

/* the next event time; *src = component whose completion it is, IOA_NCAT for the timer */
static double next_event(const struct sim *s, int *src)
{
	double tn = INFINITY;
	int c;

	*src = -1;
	if (s->timer.n) {
		tn = IOA_MAX(s->timer.a[0].k, s->now);
		*src = IOA_NCAT;
	}
	for (c = 0; c < IOA_NCAT; c++) {
		double tc;

		if (!s->run[c].n)
			continue;
		tc = s->now + IOA_MAX(s->run[c].a[0].k - s->v[c], 0) / s->rate[c];
		if (tc < tn) {
			tn = tc;
			*src = c;
		}
	}
	return tn;
}

static void update_rates(struct sim *s)
{
	int c;

	for (c = 0; c < IOA_SIM_NCOMP; c++) {
		if (!(s->changed & (1 << c)))
			continue;
		s->rate[c] = s->o.model != IOA_SIM_NONE && s->dem[c] > s->cap
				     ? (double)s->cap / (double)s->dem[c]
				     : 1.0;
		s->maxdem[c] = IOA_MAX(s->maxdem[c], s->dem[c]);
		if (s->o.series && s->dem[c] != s->last[c])
			series_add(s, c);
		s->last[c] = s->dem[c];
	}
	s->changed = 0;
}

static int step(struct sim *s, struct ioa_err *err)
{
	int c, src;
	double tn = next_event(s, &src);

	if (src < 0)
		return ioa_error(err, IOA_EINTERNAL, "simulate: stalled with %d of %d tasks done",
				 s->done, s->n);
	advance(s, tn);
	s->progress = 0;
	for (c = 0; c < IOA_NCAT; c++)
		while (s->run[c].n && s->run[c].a[0].k <= s->v[c] + EPS_NS)
			finish(s, c);
	while (s->timer.n && s->timer.a[0].k <= s->now + EPS_NS)
		ready_task(s);
	if (!s->progress) { /* rounding left the event just out of reach: take it */
		if (src == IOA_NCAT)
			ready_task(s);
		else
			finish(s, src);
	}
	if (s->o.model == IOA_SIM_BLOCK)
		for (c = 0; c < IOA_SIM_NCOMP; c++)
			admit(s, c);
	update_rates(s);
	return 0;
}

static void sim_alloc(struct sim *s, int n)
{
	s->ord = ioa_xmalloc((size_t)n * sizeof(int));
	s->next_pcpu = ioa_xmalloc((size_t)n * sizeof(int));
	s->next_chain = ioa_xmalloc((size_t)n * sizeof(int));
	s->deps = ioa_xcalloc((size_t)n, 1);
	s->udem = ioa_xmalloc((size_t)n * sizeof(int64_t));
	s->ready = ioa_xmalloc((size_t)n * sizeof(double));
	s->st = ioa_xmalloc((size_t)n * sizeof(double));
	s->fin = ioa_xmalloc((size_t)n * sizeof(double));
}

static void sim_free(struct sim *s)
{
	int c;

	free(s->ord);
	free(s->next_pcpu);
	free(s->next_chain);
	free(s->deps);
	free(s->udem);
	free(s->ready);
	free(s->st);
	free(s->fin);
	free(s->timer.a);
	for (c = 0; c < IOA_NCAT; c++)
		free(s->run[c].a);
	for (c = 0; c < IOA_SIM_NCOMP; c++)
		free(s->waitq[c].a);
}

static int dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* per task and per chain: wait, stretch, deadline misses */
static void task_figures(struct ioa_sim_result *res, const struct sim *s)
{
	double *w = ioa_xmalloc((size_t)(s->n ? s->n : 1) * sizeof(double));
	double wsum = 0, ssum = 0;
	int r;

	for (r = 0; r < s->n; r++) {
		const struct ioa_sim_task *t = &s->t[s->ord[r]];
		int j = s->ord[r];
		double wait = (double)(res->start_ns[j] - t->release_ns) / 1e9;
		double run = (double)(res->finish_ns[j] - res->start_ns[j]);
		double stretch = t->dur_ns > 0 ? run / (double)t->dur_ns : 1.0;
		int miss = t->deadline_ns >= 0 && res->finish_ns[j] > t->deadline_ns;

		w[r] = wait;
		wsum += wait;
		ssum += stretch;
		res->wait_max_s = IOA_MAX(res->wait_max_s, wait);
		res->stretch_max = IOA_MAX(res->stretch_max, stretch);
		res->deadline_misses += miss;
		res->with_deadline += t->deadline_ns >= 0;
		if (t->chain >= 0) {
			struct ioa_sim_chain *ch = &res->chain[t->chain];

			ch->ntasks++;
			ch->wait_s += wait;
			ch->wait_max_s = IOA_MAX(ch->wait_max_s, wait);
			ch->stretch_max = IOA_MAX(ch->stretch_max, stretch);
			ch->misses += miss;
		}
	}
	if (s->n) {
		qsort(w, (size_t)s->n, sizeof(double), dcmp);
		res->wait_mean_s = wsum / s->n;
		res->stretch_mean = ssum / s->n;
		res->wait_p90_s = w[(int)ceil(0.9 * s->n) - 1];
	}
	free(w);
}

/* the waits of the tasks, sorted by (group, wait) through a key array */
struct gw {
	int g;
	double w;
};

static int gw_cmp(const void *a, const void *b)
{
	const struct gw *x = a, *y = b;

	if (x->g != y->g)
		return (x->g > y->g) - (x->g < y->g);
	return (x->w > y->w) - (x->w < y->w);
}

static double rank_of(const struct gw *w, int k, double q)
{
	int r = (int)ceil(q * k - 1e-9);

	return w[IOA_MAX(r, 1) - 1].w;
}

void ioa_sim_groups(struct ioa_sim_group *out, int ngroups, const struct ioa_sim_result *res,
		    const struct ioa_sim_task *t, const int *group)
{
	struct gw *w = ioa_xmalloc((size_t)(res->n ? res->n : 1) * sizeof(*w));
	int j, m = 0, a, b;

	memset(out, 0, (size_t)ngroups * sizeof(*out));
	for (j = 0; j < res->n; j++) {
		struct ioa_sim_group *g;

		if (group[j] < 0 || group[j] >= ngroups)
			continue;
		g = &out[group[j]];
		g->with_deadline += t[j].deadline_ns >= 0;
		g->misses += t[j].deadline_ns >= 0 && res->finish_ns[j] > t[j].deadline_ns;
		w[m].g = group[j];
		w[m++].w = (double)(res->start_ns[j] - t[j].release_ns) / 1e9;
	}
	qsort(w, (size_t)m, sizeof(*w), gw_cmp);
	for (a = 0; a < m; a = b) {
		struct ioa_sim_group *g = &out[w[a].g];

		for (b = a; b < m && w[b].g == w[a].g; b++)
			;
		g->ntasks = b - a;
		g->p50_wait_s = rank_of(w + a, b - a, 0.5);
		g->p99_wait_s = rank_of(w + a, b - a, 0.99);
		g->max_wait_s = w[b - 1].w;
	}
	free(w);
}

static void collect(struct ioa_sim_result *res, const struct sim *s, const struct ioa_sim_place *pl)
{
	double span, total = 0;
	int r, c, p;

	for (r = 0; r < s->n; r++) {
		int j = s->ord[r];

		res->start_ns[j] = s->t0 + llround(s->st[r]);
		res->finish_ns[j] = s->t0 + llround(s->fin[r]);
		res->end_ns = IOA_MAX(res->end_ns, res->finish_ns[j]);
		res->busy_s[pl[j].pcpu] += (double)(res->finish_ns[j] - res->start_ns[j]) / 1e9;
	}
	res->makespan_ns = res->end_ns - res->t0_ns;
	span = (double)res->makespan_ns;
	for (c = 0; c < IOA_SIM_NCOMP; c++) {
		struct ioa_sim_comp *cp = &res->comp[c];

		cp->avg_util_pct = span > 0 ? s->dem_int[c] / span / MILLI : 0;
		cp->max_util_pct = (double)s->maxdem[c] / MILLI;
		cp->overload_s = s->over[c] / 1e9;
		cp->work_s = s->work_int[c] / MILLI / 100.0 / 1e9;
		cp->overlap_s = s->overlap[c] / 1e9;
		res->overlap_s += cp->overlap_s;
	}
	for (r = 0; r < s->n; r++)
		if (s->t[r].cat < IOA_SIM_NCOMP)
			res->comp[s->t[r].cat].ntasks++;
	res->overload_any_s = s->any_over / 1e9;
	for (p = 0; p < s->pcpus; p++)
		total += res->busy_s[p];
	for (p = 0; p < s->pcpus; p++) {
		res->idle_s[p] = span / 1e9 - res->busy_s[p];
		res->load_share[p] = total > 0 ? res->busy_s[p] / total : 0;
	}
	task_figures(res, s);
}

static void result_init(struct ioa_sim_result *res, int n, int pcpus, int nchains)
{
	memset(res, 0, sizeof(*res));
	res->n = n;
	res->pcpus = pcpus;
	res->nchains = nchains;
	res->start_ns = ioa_xcalloc((size_t)(n ? n : 1), sizeof(int64_t));
	res->finish_ns = ioa_xcalloc((size_t)(n ? n : 1), sizeof(int64_t));
	res->busy_s = ioa_xcalloc((size_t)pcpus, sizeof(double));
	res->idle_s = ioa_xcalloc((size_t)pcpus, sizeof(double));
	res->load_share = ioa_xcalloc((size_t)pcpus, sizeof(double));
	res->chain = ioa_xcalloc((size_t)(nchains ? nchains : 1), sizeof(*res->chain));
}

void ioa_sim_result_release(struct ioa_sim_result *res)
{
	int c;

	free(res->start_ns);
	free(res->finish_ns);
	free(res->busy_s);
	free(res->idle_s);
	free(res->load_share);
	free(res->chain);
	for (c = 0; c < IOA_SIM_NCOMP; c++)
		free(res->comp[c].series);
	memset(res, 0, sizeof(*res));
}

static void sim_init(struct sim *s, struct ioa_sim_result *res, const struct ioa_sim_task *t, int n,
		     int pcpus, const struct ioa_sim_opts *opts)
{
	static const struct ioa_sim_opts defaults = { IOA_SIM_SHARE, 100.0, 1 };
	int c;

	memset(s, 0, sizeof(*s));
	s->t = t;
	s->n = n;
	s->pcpus = pcpus;
	s->nchains = res->nchains;
	s->o = opts ? *opts : defaults;
	if (s->o.cap_pct <= 0)
		s->o.cap_pct = 100.0;
	s->cap = llround(s->o.cap_pct * MILLI);
	s->comp = res->comp;
	for (c = 0; c < IOA_NCAT; c++)
		s->rate[c] = 1.0;
	sim_alloc(s, n);
}

int ioa_sim_run(struct ioa_sim_result *res, const struct ioa_sim_task *t,
		const struct ioa_sim_place *pl, int n, int pcpus, const struct ioa_sim_opts *opts,
		struct ioa_err *err)
{
	struct sim s;
	int nchains, r, ret;

	memset(res, 0, sizeof(*res));
	ret = validate(t, pl, n, pcpus, &nchains, err);
	if (ret)
		return ret;
	result_init(res, n, pcpus, nchains);
	if (!n)
		return 0;
	sim_init(&s, res, t, n, pcpus, opts);
	s.t0 = build(&s, pl);
	res->t0_ns = res->end_ns = s.t0;
	for (r = 0; r < n; r++)
		if (!s.deps[r])
			heap_push(&s.timer, s.ready[r], r);
	if (s.o.series) {
		s.changed = (1 << IOA_SIM_NCOMP) - 1;
		s.last[0] = -1; /* force a first point per component at t0 */
		for (r = 1; r < IOA_SIM_NCOMP; r++)
			s.last[r] = -1;
		update_rates(&s);
	}
	while (!ret && s.done < n)
		ret = step(&s, err);
	if (!ret)
		collect(res, &s, pl);
	sim_free(&s);
	if (ret)
		ioa_sim_result_release(res);
	return ret;
}
