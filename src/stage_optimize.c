// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The optimize stage (stage.h): the classified vCPU segments of one or several traces (or a
 * stored scenario, e.g. from synth) become an instance; every schedule kind is computed,
 * checked by ioa_check() and stored (one transaction each): as-traced, baseline, online,
 * heuristic and optimized (ILP when small, LNS when large).
 *
 * Times: the instance is shifted so that the earliest release is 0 (the ILP's grid is chosen
 * from the horizon, so absolute trace timestamps would waste it); placements are stored on the
 * scenario clock again. The baseline and as-traced schedules ignore the category rule by
 * design: they are checked against a relaxed instance (chains, releases, pCPUs only) and their
 * same-category overlap time is reported instead.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "db_interference.h"
#include "db_schedule.h"
#include "interfere.h"
#include "optimizer.h"
#include "stage.h"

/* the kinds, in table order */
enum { K_TRACED, K_BASELINE, K_ONLINE, K_HEUR, K_OPT, NKIND };

static const char *const kind_name[NKIND] = {
	"as-traced", "baseline", "online", "heuristic", "optimized",
};

/* one schedule of the comparison, in instance time (origin t0) */
struct sched {
	int have, status, rule; /* rule: the category rule was checked */
	int64_t *start;
	int *cpu;
	int64_t objective, bound; /* bound -1: none */
	double gap, seconds;
	struct ioa_sched_stats st;
	int64_t schedule_id;
	int peak;	      /* max over I/O categories of the demanded utilisation, % */
	struct ioa_peak lexi; /* optimized: the peak stage (how IOA_PEAK_OFF otherwise) */
	struct ioa_wait wait; /* optimized: the wait stage (how IOA_WAIT_OFF otherwise) */
};

struct optimize {
	const struct ioa_optimize_stage_opts *a;
	const struct ioa_log *log;
	FILE *out;
	int lateness;
	struct ioa_db *db;
	struct ioa_err err;
	struct ioa_scenario_rec sc;
	struct ioa_task_rec *t;
	int n;
	struct ioa_placement_rec *traced; /* [n] or NULL */
	int traced_cpus;
	int64_t t0;
	int mode, cap;
	struct ioa_inst inst, model, relax; /* rule of the mode / what is solved / relaxed */
	struct sched s[NKIND];
	int infeasible;
};

int ioa_mode_parse(const char *s)
{
	if (!strcmp(s, "strict"))
		return IOA_MODE_STRICT;
	if (!strcmp(s, "overlap"))
		return IOA_MODE_OVERLAP;
	if (!strcmp(s, "edf"))
		return IOA_MODE_EDF;
	return -1;
}

const char *ioa_mode_name(int mode)
{
	return mode == IOA_MODE_OVERLAP ? "overlap" : mode == IOA_MODE_EDF ? "edf" : "strict";
}

void ioa_optimize_stage_init(struct ioa_optimize_stage_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->mode = o->lateness = -1;
	o->traces.win_b = -1;
	o->traces.consol.repeat = 1;
	o->traces.consol.seed = 1;
}

/* a new scenario from the traces' classified vCPU segments (with the as-traced placement) */
static int from_trace(struct optimize *o)
{
	struct ioa_scenario_opts so = o->a->traces;
	struct ioa_scenario_built b;
	int ret;

	so.log = o->log;
	ret = ioa_scenario_build(o->db, &so, &b, &o->err);
	if (!ret) {
		o->sc = b.sc;
		o->sc.pcpus = o->a->pcpus > 0 ? o->a->pcpus : b.cons.host_cpus;
		ioa_strlcpy(o->sc.mode,
			    ioa_mode_name(o->a->mode >= 0 ? o->a->mode : IOA_MODE_STRICT),
			    sizeof(o->sc.mode));
		o->sc.cap_pct = o->a->cap > 0 ? o->a->cap : 100;
		ioa_strlcpy(o->sc.objective, o->a->lateness > 0 ? "lateness" : "makespan",
			    sizeof(o->sc.objective));
		ret = ioa_db_scenario_create(o->db, &o->sc, b.cons.t, b.cons.n, &o->err);
		o->sc.parts = NULL;
		o->sc.nparts = 0;
	}
	if (!ret) {
		/* ownership of the tasks and placements moves to @o */
		o->t = b.cons.t;
		o->traced = b.cons.p;
		o->n = b.cons.n;
		o->traced_cpus = b.cons.cpus;
		b.cons.t = NULL;
		b.cons.p = NULL;
	}
	ioa_scenario_built_release(&b);
	return ret;
}

/* the stored as-traced schedule of a trace scenario, when there is one */
static int stored_traced(struct optimize *o)
{
	struct ioa_schedule_rec *x = NULL;
	int nx = 0, i, np = 0, ret;

	ret = ioa_db_schedules(o->db, o->sc.scenario_id, &x, &nx, &o->err);
	for (i = 0; !ret && i < nx; i++)
		if (!strcmp(x[i].kind, "as-traced"))
			ret = ioa_db_placements(o->db, x[i].schedule_id, &o->traced, &np, &o->err);
	free(x);
	if (!ret && o->traced && np != o->n) {
		free(o->traced);
		o->traced = NULL;
	}
	for (i = 0; o->traced && i < np; i++)
		o->traced_cpus = IOA_MAX(o->traced_cpus, o->traced[i].pcpu + 1);
	return ret;
}

static int from_scenario(struct optimize *o, int64_t id)
{
	int ret = ioa_db_scenario_get(o->db, id, &o->sc, &o->err);

	if (!ret && id != o->a->scenario_id)
		ioa_log(o->log, IOA_LOG_WARN, "using scenario %lld (%s, newest)\n", (long long)id,
			o->sc.name);
	if (!ret)
		ret = ioa_db_scenario_tasks(o->db, o->sc.scenario_id, &o->t, &o->n, &o->err);
	if (!ret && !o->n)
		ret = ioa_error(&o->err, IOA_ENODATA, "scenario %lld has no task",
				(long long)o->sc.scenario_id);
	if (!ret && o->sc.trace_id)
		ret = stored_traced(o);
	if (o->a->pcpus > 0)
		o->sc.pcpus = o->a->pcpus;
	if (o->a->mode >= 0)
		ioa_strlcpy(o->sc.mode, ioa_mode_name(o->a->mode), sizeof(o->sc.mode));
	if (o->a->cap > 0)
		o->sc.cap_pct = o->a->cap;
	if (o->a->lateness >= 0)
		ioa_strlcpy(o->sc.objective, o->a->lateness ? "lateness" : "makespan",
			    sizeof(o->sc.objective));
	return ret;
}

/* the capacity that makes every category resource of the relaxed instance non-binding */
#define RELAX_CAP (1 << 30)

static int to_vtasks(struct optimize *o, int deadlines, struct ioa_vtask *v)
{
	int i;

	for (i = 0; i < o->n; i++) {
		const struct ioa_task_rec *t = &o->t[i];

		v[i].release = t->release_ns - o->t0;
		v[i].dur = t->dur_ns;
		v[i].deadline =
			deadlines && t->deadline_ns >= 0 ? t->deadline_ns - o->t0 : IOA_NONE;
		v[i].cat = ioa_cat_index(t->category);
		v[i].util = (int)IOA_MAX(0, IOA_MIN(lround(t->util_pct), 1000000));
		if (o->mode == IOA_MODE_OVERLAP)
			v[i].util = IOA_MIN(v[i].util, o->cap);
		v[i].chain = t->chain;
		v[i].pin = t->pinned_pcpu >= 0 ? t->pinned_pcpu : IOA_NONE;
		if (v[i].cat < 0)
			return ioa_error(&o->err, IOA_EINPUT, "task %d: unknown category '%s'",
					 t->task_id, t->category);
	}
	return 0;
}

/* inst: the mode's rule without deadlines; model: what is solved; relax: chains + pCPUs */
static int build_instances(struct optimize *o)
{
	struct ioa_vtask *v = ioa_xcalloc((size_t)o->n + 1, sizeof(*v));
	struct ioa_inst dl;
	int i, P = o->sc.pcpus, ret;

	o->t0 = INT64_MAX;
	for (i = 0; i < o->n; i++)
		o->t0 = IOA_MIN(o->t0, o->t[i].release_ns);
	ret = to_vtasks(o, 0, v);
	if (!ret)
		ret = ioa_inst_vcpu(&o->inst, v, o->n, P,
				    o->mode == IOA_MODE_OVERLAP ? IOA_MODE_OVERLAP
								: IOA_MODE_STRICT,
				    o->cap, &o->err);
	if (!ret)
		ret = ioa_inst_vcpu(&o->relax, v, o->n, IOA_MAX(P, o->traced_cpus),
				    IOA_MODE_OVERLAP, RELAX_CAP, &o->err);
	if (!ret && o->mode == IOA_MODE_EDF) {
		memset(&dl, 0, sizeof(dl));
		ret = to_vtasks(o, 1, v);
		if (!ret)
			ret = ioa_inst_vcpu(&dl, v, o->n, P, IOA_MODE_EDF, 1, &o->err);
		if (!ret)
			ret = ioa_inst_edf(&o->model, &dl, &o->err);
		ioa_inst_release(&dl);
	}
	free(v);
	return ret;
}

static const struct ioa_inst *model(const struct optimize *o)
{
	return o->mode == IOA_MODE_EDF ? &o->model : &o->inst;
}

static void sched_alloc(struct sched *s, int n)
{
	s->start = ioa_xcalloc((size_t)n + 1, sizeof(int64_t));
	s->cpu = ioa_xcalloc((size_t)n + 1, sizeof(int));
	s->bound = -1;
	s->gap = NAN;
	s->status = IOA_ST_FEASIBLE;
}

/* check against @inst (a failure is a bug: never stored), then the figures */
static int sched_finish(struct optimize *o, int k, const struct ioa_inst *inst, int rule)
{
	struct sched *s = &o->s[k];
	int ret = ioa_check(inst, s->start, s->cpu, &o->err);

	if (ret)
		return ioa_error(&o->err, IOA_EINTERNAL, "%s schedule fails the checker: %s",
				 kind_name[k], o->err.msg);
	ioa_sched_stats(&o->inst, s->start, &s->st);
	s->peak = ioa_peak(&o->inst, s->start, NULL);
	if (s->bound < 0)
		s->objective = o->lateness > 0 ? s->st.lateness : s->st.makespan;
	s->rule = rule;
	s->have = 1;
	return 0;
}

static int run_traced(struct optimize *o)
{
	struct sched *s = &o->s[K_TRACED];
	int i;

	if (!o->traced)
		return 0;
	sched_alloc(s, o->n);
	for (i = 0; i < o->n; i++) {
		s->start[o->traced[i].task_id] = o->traced[i].start_ns - o->t0;
		s->cpu[o->traced[i].task_id] = o->traced[i].pcpu;
	}
	return sched_finish(o, K_TRACED, &o->relax, 0);
}

static int run_policy(struct optimize *o, int k)
{
	struct sched *s = &o->s[k];
	double t = ioa_now();
	int ret;

	sched_alloc(s, o->n);
	ret = k == K_BASELINE ? ioa_policy_baseline(&o->inst, s->start, s->cpu, &o->err)
			      : ioa_policy_online(&o->inst, s->start, s->cpu, &o->err);
	s->seconds = ioa_now() - t;
	if (!ret)
		ret = sched_finish(o, k, k == K_BASELINE ? &o->relax : &o->inst, k != K_BASELINE);
	return ret;
}

static void progress(const struct optimize *o, const char *what)
{
	if (o->log->progress)
		fprintf(stderr, "\roptimize: %d tasks, %s ...\033[K", o->n, what);
}

/* heuristic (no ILP) or optimized: the solver core on the model */
static int run_solver(struct optimize *o, int k)
{
	struct ioa_solve_opts so = {
		.time_limit = o->a->time_limit > 0 ? o->a->time_limit : 10,
		.no_ilp = k == K_HEUR || o->a->no_ilp,
		.seed = 1,
		.log = o->log,
		.stop = o->a->stop,
		.lateness = o->lateness > 0,
		.max_ilp_tasks = o->a->lns ? 1 : 0,
		.exact = o->a->exact,
		.peak = k == K_OPT,
		.wait = k == K_OPT,
		/* wherever the online policy reaches C*, its schedule is the wait stage's start */
		.hint = k == K_OPT && o->s[K_ONLINE].have ? o->s[K_ONLINE].start : NULL,
	};
	struct sched *s = &o->s[k];
	struct ioa_result res;
	int ret = ioa_solve(model(o), &so, &res, &o->err);

	if (ret == IOA_EINFEASIBLE) {
		s->status = IOA_ST_INFEASIBLE;
		o->infeasible = 1;
		ioa_result_release(&res);
		return 0;
	}
	if (!ret) {
		sched_alloc(s, o->n);
		memcpy(s->start, res.start, (size_t)o->n * sizeof(int64_t));
		memcpy(s->cpu, res.cpu, (size_t)o->n * sizeof(int));
		s->status = res.status;
		s->objective = res.objective;
		s->bound = res.obj_bound;
		s->gap = res.gap;
		s->seconds = res.seconds;
		s->lexi = res.peak;
		s->wait = res.wait;
		ret = sched_finish(o, k, model(o), 1);
	}
	ioa_result_release(&res);
	return ret;
}

/* the peak stage as JSON members (none when it did not run) */
static int peak_json(const struct ioa_peak *p, char *buf, size_t size)
{
	int c, len;

	if (p->how == IOA_PEAK_OFF)
		return snprintf(buf, size, "%s", "");
	len = snprintf(buf, size,
		       ", \"peak_stage\": \"%s\", \"peak_status\": \"%s\", "
		       "\"peak_before_pct\": %d, \"peak_bound_pct\": %d, \"peak_util_pct\": {",
		       ioa_peak_how_name(p->how), ioa_status_name(p->status), p->before, p->bound);
	for (c = 0; c < IOA_CAT_COMPUTE && len > 0 && (size_t)len < size; c++)
		len += snprintf(buf + len, size - (size_t)len, "%s\"%s\": %d", c ? ", " : "",
				ioa_cat_name(c), p->comp[c]);
	if (len > 0 && (size_t)len < size)
		len += snprintf(buf + len, size - (size_t)len, "}");
	return len;
}

/* the wait stage as JSON members (none when it did not run), totals in ns */
static int wait_json(const struct ioa_wait *w, char *buf, size_t size)
{
	if (w->how == IOA_WAIT_OFF)
		return snprintf(buf, size, "%s", "");
	return snprintf(buf, size,
			", \"wait_stage\": \"%s\", \"wait_status\": \"%s\", "
			"\"wait_total_before_ns\": %lld, \"wait_total_ns\": %lld, "
			"\"wait_total_bound_ns\": %lld, \"wait_total_online_ns\": %lld",
			ioa_wait_how_name(w->how), ioa_status_name(w->status), (long long)w->before,
			(long long)w->after, (long long)w->bound, (long long)w->hint);
}

static void sched_params(const struct optimize *o, const struct sched *s, char *buf, size_t size)
{
	char pk[640];
	int len = peak_json(&s->lexi, pk, 384);

	wait_json(&s->wait, pk + IOA_MAX(len, 0), sizeof(pk) - (size_t)IOA_MAX(len, 0));
	snprintf(buf, size,
		 "{\"by\": \"optimize\", \"mode\": \"%s\", \"pcpus\": %d, \"cap_pct\": %d, "
		 "\"objective\": \"%s\", \"checked\": \"%s\", \"overlap_ns\": %lld, "
		 "\"wait_mean_ns\": %.1f, \"wait_max_ns\": %lld, \"time_limit_s\": %g, "
		 "\"peak_max_pct\": %d%s}",
		 ioa_mode_name(o->mode), o->sc.pcpus, o->cap,
		 o->lateness > 0 ? "lateness" : "makespan",
		 s->rule ? "chains,releases,pcpus,category rule" : "chains,releases,pcpus",
		 (long long)s->st.overlap, s->st.wait_mean, (long long)s->st.wait_max,
		 o->a->time_limit > 0 ? o->a->time_limit : 10, s->peak, pk);
}

/* one transaction per schedule, replacing the same kind */
static int store(struct optimize *o, int k, struct ioa_err *err)
{
	struct sched *s = &o->s[k];
	struct ioa_schedule_rec r = { .scenario_id = o->sc.scenario_id };
	struct ioa_placement_rec *p = ioa_xcalloc((size_t)o->n + 1, sizeof(*p));
	int i, ret;

	for (i = 0; i < o->n; i++) {
		p[i].task_id = o->t[i].task_id;
		p[i].pcpu = s->cpu[i];
		p[i].start_ns = s->start[i] + o->t0;
		p[i].end_ns = p[i].start_ns + o->t[i].dur_ns;
	}
	ioa_strlcpy(r.kind, kind_name[k], sizeof(r.kind));
	ioa_strlcpy(r.status, ioa_status_name(s->status), sizeof(r.status));
	r.objective = (double)s->objective;
	r.bound = s->bound >= 0 ? (double)s->bound : NAN;
	r.gap = s->bound >= 0 ? s->gap : NAN;
	r.makespan_ns = s->st.makespan;
	r.solve_seconds = k == K_TRACED ? NAN : s->seconds;
	sched_params(o, s, r.params, sizeof(r.params));
	ret = ioa_db_schedule_store(o->db, &r, p, o->n, err);
	s->schedule_id = r.schedule_id;
	free(p);
	return ret;
}

/*
 * The as-traced, baseline and online schedules are stored by a thread of their own while the
 * solver runs (it reads them, the thread only reads them too): on a million tasks storing
 * them takes seconds. The connection is used by that thread alone until early_wait().
 */
struct early {
	struct optimize *o;
	pthread_t thread;
	int running;
	int ret;
	struct ioa_err err;
};

static void *early_main(void *arg)
{
	struct early *e = arg;
	int k;

	for (k = K_TRACED; !e->ret && k <= K_ONLINE; k++)
		if (e->o->s[k].have)
			e->ret = store(e->o, k, &e->err);
	return NULL;
}

static void early_start(struct early *e, struct optimize *o)
{
	*e = (struct early){ .o = o };
	e->running = !pthread_create(&e->thread, NULL, early_main, e);
}

/* the early stores done (in this thread if no thread could be made); their error into @err */
static int early_wait(struct early *e, struct ioa_err *err)
{
	if (e->running)
		pthread_join(e->thread, NULL);
	else
		early_main(e);
	e->running = 0;
	if (e->ret && err)
		*err = e->err;
	return e->ret;
}

/* as-traced and baseline: which VM pairs ran one component's category at once, and how long */
static int store_interference(struct optimize *o, int k)
{
	struct ioa_itf_task *t = ioa_xcalloc((size_t)o->n + 1, sizeof(*t));
	struct ioa_itf_pair *p;
	struct ioa_itf_rec *r;
	int i, np, ret;

	for (i = 0; i < o->n; i++)
		t[i] = (struct ioa_itf_task){ o->t[i].vm_id, o->t[i].copy,
					      ioa_cat_index(o->t[i].category), o->s[k].start[i],
					      o->s[k].start[i] + o->t[i].dur_ns };
	ioa_interference(t, o->n, &p, &np);
	r = ioa_xcalloc((size_t)np + 1, sizeof(*r));
	for (i = 0; i < np; i++)
		r[i] = (struct ioa_itf_rec){
			p[i].vm_a,	p[i].copy_a, p[i].vm_b, p[i].copy_b, ioa_cat_name(p[i].cat),
			p[i].overlap_ns
		};
	ret = ioa_db_interference_store(o->db, o->s[k].schedule_id, r, np, &o->err);
	free(t);
	free(p);
	free(r);
	return ret;
}

static int compute_all(struct optimize *o)
{
	struct early e;
	int k, eret, ret = run_traced(o);

	progress(o, "baseline and online");
	for (k = K_BASELINE; !ret && k <= K_ONLINE; k++)
		ret = run_policy(o, k);
	if (ret)
		return ret;
	early_start(&e, o);
	progress(o, "heuristic");
	ret = run_solver(o, K_HEUR);
	progress(o, "optimized (Ctrl-C keeps the best)");
	if (!ret && o->s[K_HEUR].status != IOA_ST_INFEASIBLE)
		ret = run_solver(o, K_OPT);
	else
		o->s[K_OPT].status = IOA_ST_INFEASIBLE;
	if (o->log->progress)
		fputs("\r\033[K", stderr);
	eret = early_wait(&e, ret ? NULL : &o->err);
	ret = ret ? ret : eret;
	for (k = K_HEUR; !ret && k < NKIND; k++)
		if (o->s[k].have)
			ret = store(o, k, &o->err);
	for (k = K_TRACED; !ret && k <= K_BASELINE; k++)
		if (o->s[k].have)
			ret = store_interference(o, k);
	return ret;
}

static void print_row(FILE *out, const struct sched *s, const char *kind)
{
	char b[32] = "-", g[32] = "-";

	if (!s->have) {
		fprintf(out, "%-10s %12s %12s %12s %12s %12s %7s  %-10s %8s\n", kind, "-", "-", "-",
			"-", "-", "-", ioa_status_name(s->status), "-");
		return;
	}
	if (s->bound >= 0) {
		snprintf(b, sizeof(b), "%.6f", (double)s->bound / 1e6);
		snprintf(g, sizeof(g), "%.3f", 100 * s->gap);
	}
	fprintf(out, "%-10s %12.6f %12.6f %12.6f %12.6f %12s %7s  %-10s %8.3f\n", kind,
		(double)s->st.makespan / 1e6, s->st.wait_mean / 1e6, (double)s->st.wait_max / 1e6,
		(double)s->st.overlap / 1e6, b, g, ioa_status_name(s->status), s->seconds);
}

/* the optimized schedule's wait stage, one line */
static void print_wait(FILE *out, const struct sched *s)
{
	const struct ioa_wait *w = &s->wait;

	if (!s->have || w->how <= IOA_WAIT_SKIP_OBJ)
		return;
	fprintf(out, "optimized total wait %.6f ms (first stage %.6f ms, bound %.6f ms; online ",
		(double)w->after / 1e6, (double)w->before / 1e6, (double)w->bound / 1e6);
	if (w->hint >= 0)
		fprintf(out, "%.6f ms at the same makespan", (double)w->hint / 1e6);
	else
		fputs("not at this makespan", out);
	fprintf(out, "; %s, %s)\n", ioa_wait_how_name(w->how), ioa_status_name(w->status));
}

/* the optimized schedule's peak stage, one line */
static void print_peak(FILE *out, const struct sched *s)
{
	const struct ioa_peak *p = &s->lexi;
	int c;

	if (!s->have || p->how == IOA_PEAK_OFF)
		return;
	fprintf(out, "optimized peak_util_pct %d (first stage %d, bound %d; %s, %s):", p->after,
		p->before, p->bound, ioa_peak_how_name(p->how), ioa_status_name(p->status));
	for (c = 0; c < IOA_CAT_COMPUTE; c++)
		fprintf(out, " %s %d", ioa_cat_name(c), p->comp[c]);
	fputc('\n', out);
}

static void print_table(const struct optimize *o)
{
	FILE *out = o->out;
	int k;

	fprintf(out, "scenario %lld \"%s\" (%s, %d tasks, %d pCPUs, mode %s, objective %s)\n",
		(long long)o->sc.scenario_id, o->sc.name, o->sc.source, o->n, o->sc.pcpus,
		ioa_mode_name(o->mode), o->lateness > 0 ? "lateness" : "makespan");
	fprintf(out, "%-10s %12s %12s %12s %12s %12s %7s  %-10s %8s\n", "kind", "makespan_ms",
		"wait_mean_ms", "wait_max_ms", "overlap_ms", "bound_ms", "gap_%", "status",
		"seconds");
	for (k = 0; k < NKIND; k++)
		if (o->s[k].have || k >= K_HEUR)
			print_row(out, &o->s[k], kind_name[k]);
	fprintf(out, "(bound and gap refer to the objective; as-traced and baseline ignore the "
		     "category rule by design)\n");
	print_wait(out, &o->s[K_OPT]);
	print_peak(out, &o->s[K_OPT]);
}

static void print_json_sched(FILE *out, const struct sched *s, const char *kind)
{
	fprintf(out, "{\"kind\": \"%s\", \"status\": \"%s\"", kind, ioa_status_name(s->status));
	if (s->have)
		fprintf(out,
			", \"schedule_id\": %lld, \"objective\": %lld, \"makespan_ns\": %lld, "
			"\"wait_mean_ns\": %.1f, \"wait_max_ns\": %lld, \"overlap_ns\": %lld, "
			"\"category_rule_checked\": %s, \"seconds\": %.4f",
			(long long)s->schedule_id, (long long)s->objective,
			(long long)s->st.makespan, s->st.wait_mean, (long long)s->st.wait_max,
			(long long)s->st.overlap, s->rule ? "true" : "false", s->seconds);
	if (s->have) {
		char pk[384], wt[384];

		peak_json(&s->lexi, pk, sizeof(pk));
		wait_json(&s->wait, wt, sizeof(wt));
		fprintf(out, ", \"peak_max_pct\": %d%s%s", s->peak, pk, wt);
	}
	if (s->have && s->bound >= 0)
		fprintf(out, ", \"bound\": %lld, \"gap\": %.6f", (long long)s->bound, s->gap);
	fputc('}', out);
}

static void print_json(const struct optimize *o)
{
	FILE *out = o->out;
	int k, first = 1;

	fprintf(out, "{\"scenario\": %lld, \"name\": ", (long long)o->sc.scenario_id);
	ioa_json_str(out, o->sc.name);
	fprintf(out,
		", \"source\": \"%s\", \"trace\": %lld, \"tasks\": %d, \"pcpus\": %d, "
		"\"mode\": \"%s\", \"cap_pct\": %d, \"objective\": \"%s\", \"schedules\": [",
		o->sc.source, (long long)o->sc.trace_id, o->n, o->sc.pcpus, ioa_mode_name(o->mode),
		o->cap, o->lateness > 0 ? "lateness" : "makespan");
	for (k = 0; k < NKIND; k++) {
		if (!o->s[k].have && k < K_HEUR)
			continue;
		fputs(first ? "" : ", ", out);
		print_json_sched(out, &o->s[k], kind_name[k]);
		first = 0;
	}
	fputs("]}\n", out);
}

static void optimize_release(struct optimize *o)
{
	int k;

	for (k = 0; k < NKIND; k++) {
		free(o->s[k].start);
		free(o->s[k].cpu);
	}
	ioa_inst_release(&o->inst);
	ioa_inst_release(&o->model);
	ioa_inst_release(&o->relax);
	free(o->t);
	free(o->traced);
	ioa_db_close(o->db);
}

/*
 * No --scenario and no trace option: the newest input, a synthetic scenario made no earlier
 * than the newest trace was ingested, else that trace (a scenario built from a trace is not an
 * input: optimize builds a fresh one, as with --trace). @id: out, 0 for the trace.
 */
static int pick_input(struct optimize *o, int64_t *id)
{
	const struct ioa_scenario_opts *so = &o->a->traces;
	struct ioa_db_newest nw;
	int ret;

	*id = o->a->scenario_id;
	if (*id || so->ntraces || so->win_b >= 0 || so->consol.repeat > 1)
		return 0;
	ret = ioa_db_newest(o->db, &nw, &o->err);
	if (!ret && !nw.trace_id && !nw.synth_id)
		ret = ioa_error(
			&o->err, IOA_ENODATA,
			"%s: no trace and no scenario in the database (run ingest or synth)",
			o->a->c.db);
	if (!ret && nw.synth_id && (nw.synth_newer || !nw.trace_id))
		*id = nw.synth_id;
	return ret;
}

static int run_db(struct optimize *o)
{
	int ret = ioa_db_open(&o->db, o->a->c.db, IOA_DB_UPDATE, NULL, &o->err);
	int64_t id = 0;

	if (!ret)
		ret = pick_input(o, &id);
	if (!ret)
		ret = id ? from_scenario(o, id) : from_trace(o);
	if (!ret) {
		o->mode = ioa_mode_parse(o->sc.mode) >= 0 ? ioa_mode_parse(o->sc.mode)
							  : IOA_MODE_STRICT;
		o->cap = (int)IOA_MAX(1, lround(o->sc.cap_pct));
		o->lateness = !strcmp(o->sc.objective, "lateness");
		ret = build_instances(o);
	}
	if (!ret)
		ret = compute_all(o);
	if (!ret && o->out && o->a->c.json)
		print_json(o);
	else if (!ret && o->out)
		print_table(o);
	if (!ret && o->infeasible)
		ret = ioa_error(&o->err, IOA_EINFEASIBLE,
				"no schedule meeting every deadline found (mode %s)",
				ioa_mode_name(o->mode));
	optimize_release(o);
	return ret;
}

int ioa_stage_optimize(const struct ioa_optimize_stage_opts *a, int64_t *scenario_id,
		       struct ioa_err *err)
{
	struct optimize *o = ioa_xcalloc(1, sizeof(*o));
	int ret;

	o->a = a;
	o->log = a->c.log;
	o->out = a->c.out;
	ret = run_db(o);
	*scenario_id = o->sc.scenario_id;
	if (ret)
		*err = o->err;
	free(o);
	return ret;
}
