// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * ioaware optimize. Database mode: the classified vCPU segments of a trace (or a stored
 * scenario, e.g. from synth) become an instance; every schedule kind is computed, checked by
 * ioa_check() and stored (one transaction each): as-traced, baseline, online, heuristic and
 * optimized (ILP when small, LNS when large). Also the solver core on a PSPLIB instance
 * (--psplib) and on a synthetic vCPU instance (--synthetic N, hidden: the scale benchmark).
 *
 * Times: the instance is shifted so that the earliest release is 0 (the ILP's grid is chosen
 * from the horizon, so absolute trace timestamps would waste it); placements are stored on the
 * trace clock again. The baseline and as-traced schedules ignore the category rule by design:
 * they are checked against a relaxed instance (chains, releases, pCPUs only) and their
 * same-category overlap time is reported instead.
 */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "db_schedule.h"
#include "optimizer.h"
#include "psplib.h"

static const char optimize_help[] =
	"Usage: ioaware optimize [--db DB] [--trace ID] [--window A:B] [--pcpus P]\n"
	"                        [--mode strict|overlap|edf] [--cap N]\n"
	"                        [--objective makespan|lateness] [--time-limit S]\n"
	"                        [--scenario ID] [--json]\n"
	"       ioaware optimize --psplib FILE.sm [--time-limit S] [--json]\n\n"
	"Builds a scheduling instance from the classified vCPU segments in the database (default:\n"
	"the latest trace, whole trace, P = its CPU count) and stores it as a scenario, or uses a\n"
	"stored scenario (--scenario, e.g. from synth). Computes every schedule: as-traced (trace\n"
	"scenarios), baseline (shortest run queue), online (the paper's policy), heuristic "
	"(serial\n"
	"schedule generation, multi-pass) and optimized (GLPK ILP when small, large-neighbourhood\n"
	"search with exact window re-solves when large), after the lower bounds. Every schedule\n"
	"passes the independent checker before it is stored with its objective, bound, gap,\n"
	"status and solve time. Prints makespan, waits, same-category overlap time, bound, gap,\n"
	"status and time per schedule. Ctrl-C keeps the best schedule found.\n\n"
	"Options:\n"
	"  --trace ID          trace to build the instance from (default: the latest)\n"
	"  --window A:B        only segments starting in [A, B) seconds from the trace's first\n"
	"                      event (absolute trace-clock seconds are accepted too)\n"
	"  --pcpus P           identical physical CPUs (default: the trace's CPU count)\n"
	"  --mode M            strict: 0 % same-category overlap (default); overlap: each\n"
	"                      component a cumulative resource of capacity --cap %; edf: "
	"deadlines\n"
	"                      hard, the EDF order of each pCPU kept, overlap removed within it\n"
	"  --cap N             component capacity in overlap mode, % (default 100)\n"
	"  --objective O       makespan (default) or lateness (sum of start - release)\n"
	"  --time-limit S      seconds for the optimized schedule (default 10)\n"
	"  --scenario ID       use this stored scenario instead of a trace\n"
	"  --psplib FILE       solve a PSPLIB single-mode .sm instance instead; --json prints\n"
	"                      {\"instance\", \"makespan\", \"lower_bound\", \"status\", "
	"\"seconds\",\n"
	"                      \"heuristic_makespan\"}\n"
	"  --no-ilp            bounds and heuristic only\n"
	"  --json              one JSON object instead of the table\n" IOA_COMMON_HELP "\n"
	"Examples:\n"
	"  ioaware ingest traces/kvm-tiny.dat && ioaware classify && ioaware optimize\n"
	"  ioaware optimize --window 0.2:0.4 --pcpus 2 --mode overlap --cap 80 --json\n"
	"  ioaware synth --preset paper && ioaware optimize --scenario 1\n"
	"  ioaware optimize --psplib j301_1.sm --json\n\n"
	"Exit codes: 0 ok, 1 bad input or data error, 2 usage error,\n"
	"            3 no feasible schedule (deadlines) or internal error.\n";

enum {
	OPT_PSPLIB = IOA_OPT__FIRST_CMD,
	OPT_TIME,
	OPT_JSON,
	OPT_NOILP,
	OPT_SYNTH,
	OPT_LNS,
	OPT_TRACE,
	OPT_WINDOW,
	OPT_PCPUS,
	OPT_MODE,
	OPT_CAP,
	OPT_OBJECTIVE,
	OPT_SCENARIO,
};

static const struct option optimize_longopts[] = {
	IOA_COMMON_LONGOPTS,
	{"psplib", required_argument, NULL, OPT_PSPLIB},
	{"time-limit", required_argument, NULL, OPT_TIME},
	{"json", no_argument, NULL, OPT_JSON},
	{"no-ilp", no_argument, NULL, OPT_NOILP},
	{"synthetic", required_argument, NULL, OPT_SYNTH},
	{"lns", no_argument, NULL, OPT_LNS},
	{"trace", required_argument, NULL, OPT_TRACE},
	{"window", required_argument, NULL, OPT_WINDOW},
	{"pcpus", required_argument, NULL, OPT_PCPUS},
	{"mode", required_argument, NULL, OPT_MODE},
	{"cap", required_argument, NULL, OPT_CAP},
	{"objective", required_argument, NULL, OPT_OBJECTIVE},
	{"scenario", required_argument, NULL, OPT_SCENARIO},
	{NULL, 0, NULL, 0},
};

/* the kinds, in table order */
enum { K_TRACED, K_BASELINE, K_ONLINE, K_HEUR, K_OPT, NKIND };

static const char *const kind_name[NKIND] = {
	"as-traced", "baseline", "online", "heuristic", "optimized",
};

struct optargs {
	const char *psplib;
	double time_limit;
	int json, no_ilp, lns;
	long synthetic;
	int64_t trace_id, scenario_id;
	double win_a, win_b;		/* seconds, win_b < 0: whole trace */
	int pcpus, mode, cap, lateness; /* 0 / -1: from the scenario or default */
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
	int peak;		/* max over I/O categories of the demanded utilisation, % */
	struct ioa_peak lexi;	/* optimized: the peak stage (how IOA_PEAK_OFF otherwise) */
};

struct optimize {
	struct ioa_cli cli;
	struct optargs a;
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

static volatile sig_atomic_t stop_flag;

static void on_sigint(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static int mode_index(const char *s)
{
	if (!strcmp(s, "strict"))
		return IOA_MODE_STRICT;
	if (!strcmp(s, "overlap"))
		return IOA_MODE_OVERLAP;
	if (!strcmp(s, "edf"))
		return IOA_MODE_EDF;
	return -1;
}

static const char *mode_str(int mode)
{
	return mode == IOA_MODE_OVERLAP ? "overlap" : mode == IOA_MODE_EDF ? "edf" : "strict";
}

static int parse_window(struct optargs *a, const char *arg)
{
	char *end;

	a->win_a = strtod(arg, &end);
	if (*end != ':')
		return -1;
	a->win_b = strtod(end + 1, &end);
	return *end || !(a->win_a >= 0) || !(a->win_b > a->win_a) ? -1 : 0;
}

static int parse_num(struct ioa_cli *cli, struct optargs *a, int opt)
{
	char *end;
	long v = strtol(optarg, &end, 10);

	if (*end || end == optarg || v < 1)
		return ioa_cli_usage(cli, "'%s': expected a positive integer", optarg);
	if (opt == OPT_TRACE)
		a->trace_id = v;
	else if (opt == OPT_SCENARIO)
		a->scenario_id = v;
	else if (opt == OPT_PCPUS && v <= 4096)
		a->pcpus = (int)v;
	else if (opt == OPT_CAP && v <= 100000)
		a->cap = (int)v;
	else if (opt == OPT_SYNTH && v <= 10000000)
		a->synthetic = v;
	else
		return ioa_cli_usage(cli, "'%s': out of range", optarg);
	return 0;
}

static int parse_opt(struct ioa_cli *cli, struct optargs *a, int opt)
{
	char *end;

	switch (opt) {
	case OPT_PSPLIB:
		a->psplib = optarg;
		return 0;
	case OPT_TIME:
		a->time_limit = strtod(optarg, &end);
		if (*end || !(a->time_limit > 0))
			return ioa_cli_usage(cli, "--time-limit: expected seconds > 0, got '%s'",
					     optarg);
		return 0;
	case OPT_WINDOW:
		if (parse_window(a, optarg))
			return ioa_cli_usage(cli, "--window: expected A:B seconds, A < B");
		return 0;
	case OPT_MODE:
		if ((a->mode = mode_index(optarg)) < 0)
			return ioa_cli_usage(cli, "--mode: '%s': want strict, overlap or edf",
					     optarg);
		return 0;
	case OPT_OBJECTIVE:
		if (strcmp(optarg, "makespan") && strcmp(optarg, "lateness"))
			return ioa_cli_usage(cli, "--objective: want makespan or lateness");
		a->lateness = !strcmp(optarg, "lateness") ? 1 : 0;
		return 0;
	case OPT_TRACE:
	case OPT_SCENARIO:
	case OPT_PCPUS:
	case OPT_CAP:
	case OPT_SYNTH:
		return parse_num(cli, a, opt);
	default:
		a->json |= opt == OPT_JSON;
		a->no_ilp |= opt == OPT_NOILP;
		a->lns |= opt == OPT_LNS;
		return opt == OPT_JSON || opt == OPT_NOILP || opt == OPT_LNS
			       ? 0
			       : ioa_cli_usage(cli, "unknown option");
	}
}

static void print_result(const struct optargs *a, const char *name, const struct ioa_result *r)
{
	if (!a->json) {
		printf("instance            %s\nmakespan            %lld\nlower_bound         "
		       "%lld\nstatus              %s\ngap                 %.2f %%\n"
		       "seconds             %.3f\nheuristic_makespan  %lld (%.3f s)\n",
		       name, (long long)r->makespan, (long long)r->bound,
		       ioa_status_name(r->status), 100 * r->gap, r->seconds,
		       (long long)r->heuristic_makespan, r->heuristic_seconds);
		return;
	}
	fputs("{\"instance\": ", stdout);
	ioa_json_str(stdout, name);
	printf(", \"makespan\": %lld, \"lower_bound\": %lld, \"status\": \"%s\", \"gap\": %.6f"
	       ", \"seconds\": %.3f, \"heuristic_makespan\": %lld, \"heuristic_seconds\": %.4f"
	       ", \"used_ilp\": %s, \"used_lns\": %s}\n",
	       (long long)r->makespan, (long long)r->bound, ioa_status_name(r->status), r->gap,
	       r->seconds, (long long)r->heuristic_makespan, r->heuristic_seconds,
	       r->used_ilp ? "true" : "false", r->used_lns ? "true" : "false");
}

/* --psplib / --synthetic: the solver core on one instance, nothing stored */
static int run_core(struct ioa_cli *cli, const struct optargs *a)
{
	struct ioa_solve_opts so = {
		.time_limit = a->time_limit > 0 ? a->time_limit : 10,
		.no_ilp = a->no_ilp,
		.seed = 1,
		.log = &cli->log,
		.stop = &stop_flag,
		.max_ilp_tasks = a->lns ? 1 : 0,
	};
	struct ioa_inst inst;
	struct ioa_result res;
	struct ioa_err err = {0};
	int ret;

	ret = a->psplib ? ioa_psplib_read(&inst, a->psplib, &err)
			: ioa_synthetic_vcpu(&inst, a->synthetic, &err);
	if (ret)
		return ioa_cli_fail(cli, &err, ret);
	signal(SIGINT, on_sigint);
	ret = ioa_solve(&inst, &so, &res, &err);
	signal(SIGINT, SIG_DFL);
	if (!ret)
		print_result(a, inst.name, &res);
	ioa_result_release(&res);
	ioa_inst_release(&inst);
	if (ret)
		return ioa_cli_fail(cli, &err, ret);
	return IOA_EXIT_OK;
}

/* keep the segments that start in the window; renumber tasks and placements */
static int window_filter(struct optimize *o, int64_t first)
{
	int64_t lo, hi, base;
	int i, m = 0;

	if (o->a.win_b < 0)
		return 0;
	base = o->a.win_a * 1e9 >= (double)first && first > 0 ? 0 : first;
	lo = base + (int64_t)llround(o->a.win_a * 1e9);
	hi = base + (int64_t)llround(o->a.win_b * 1e9);
	for (i = 0; i < o->n; i++) {
		if (o->traced[i].start_ns < lo || o->traced[i].start_ns >= hi)
			continue;
		o->t[m] = o->t[i];
		o->traced[m] = o->traced[i];
		o->t[m].task_id = o->traced[m].task_id = m;
		m++;
	}
	o->n = m;
	o->sc.window_start_ns = lo;
	o->sc.window_end_ns = hi;
	if (!m)
		return ioa_error(&o->err, IOA_ENODATA,
				 "%s: trace %lld has no vCPU segment in %g:%g s", o->cli.db,
				 (long long)o->a.trace_id, o->a.win_a, o->a.win_b);
	return 0;
}

static void scenario_fill(struct optimize *o, int cpus)
{
	struct ioa_scenario_rec *sc = &o->sc;

	if (o->a.win_b >= 0)
		snprintf(sc->name, sizeof(sc->name), "trace %lld window %g-%g s",
			 (long long)o->a.trace_id, o->a.win_a, o->a.win_b);
	else
		snprintf(sc->name, sizeof(sc->name), "trace %lld", (long long)o->a.trace_id);
	ioa_strlcpy(sc->source, "trace", sizeof(sc->source));
	sc->trace_id = o->a.trace_id;
	sc->pcpus = o->a.pcpus > 0 ? o->a.pcpus : cpus;
	ioa_strlcpy(sc->mode, mode_str(o->a.mode >= 0 ? o->a.mode : IOA_MODE_STRICT),
		    sizeof(sc->mode));
	sc->cap_pct = o->a.cap > 0 ? o->a.cap : 100;
	ioa_strlcpy(sc->objective, o->a.lateness > 0 ? "lateness" : "makespan",
		    sizeof(sc->objective));
	snprintf(sc->params, sizeof(sc->params), "{\"by\": \"optimize\"}");
	sc->seed = -1;
}

/* a new scenario from the trace's classified vCPU segments (with its as-traced placement) */
static int from_trace(struct optimize *o)
{
	int64_t first = 0;
	int cpus = 0, i, ret = 0;

	memset(&o->sc, 0, sizeof(o->sc));
	o->sc.window_start_ns = o->sc.window_end_ns = -1;
	if (!o->a.trace_id)
		ret = ioa_db_latest_trace(o->db, &o->a.trace_id, &o->err);
	if (!ret)
		ret = ioa_db_trace_tasks(o->db, o->a.trace_id, &o->t, &o->traced, &o->n, &cpus,
					 &o->err);
	if (!ret)
		ret = ioa_db_trace_first(o->db, o->a.trace_id, &first, &o->err);
	if (!ret)
		ret = window_filter(o, first);
	if (ret)
		return ret;
	for (i = 0; i < o->n; i++)
		cpus = IOA_MAX(cpus, o->traced[i].pcpu + 1);
	o->traced_cpus = cpus;
	scenario_fill(o, cpus);
	return ioa_db_scenario_create(o->db, &o->sc, o->t, o->n, &o->err);
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

static int from_scenario(struct optimize *o)
{
	int ret = ioa_db_scenario_get(o->db, o->a.scenario_id, &o->sc, &o->err);

	if (!ret)
		ret = ioa_db_scenario_tasks(o->db, o->sc.scenario_id, &o->t, &o->n, &o->err);
	if (!ret && !o->n)
		ret = ioa_error(&o->err, IOA_ENODATA, "scenario %lld has no task",
				(long long)o->sc.scenario_id);
	if (!ret && o->sc.trace_id)
		ret = stored_traced(o);
	if (o->a.pcpus > 0)
		o->sc.pcpus = o->a.pcpus;
	if (o->a.mode >= 0)
		ioa_strlcpy(o->sc.mode, mode_str(o->a.mode), sizeof(o->sc.mode));
	if (o->a.cap > 0)
		o->sc.cap_pct = o->a.cap;
	if (o->a.lateness >= 0)
		ioa_strlcpy(o->sc.objective, o->a.lateness ? "lateness" : "makespan",
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
		s->objective = o->a.lateness > 0 ? s->st.lateness : s->st.makespan;
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
	if (o->cli.log.progress)
		fprintf(stderr, "\roptimize: %d tasks, %s ...\033[K", o->n, what);
}

/* heuristic (no ILP) or optimized: the solver core on the model */
static int run_solver(struct optimize *o, int k)
{
	struct ioa_solve_opts so = {
		.time_limit = o->a.time_limit > 0 ? o->a.time_limit : 10,
		.no_ilp = k == K_HEUR || o->a.no_ilp,
		.seed = 1,
		.log = &o->cli.log,
		.stop = &stop_flag,
		.lateness = o->a.lateness > 0,
		.max_ilp_tasks = o->a.lns ? 1 : 0,
		.peak = k == K_OPT,
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
	len = snprintf(buf, size, ", \"peak_stage\": \"%s\", \"peak_status\": \"%s\", "
			   "\"peak_before_pct\": %d, \"peak_bound_pct\": %d, \"peak_util_pct\": {",
			   ioa_peak_how_name(p->how), ioa_status_name(p->status), p->before,
			   p->bound);
	for (c = 0; c < IOA_CAT_COMPUTE && len > 0 && (size_t)len < size; c++)
		len += snprintf(buf + len, size - (size_t)len, "%s\"%s\": %d", c ? ", " : "",
				ioa_cat_name(c), p->comp[c]);
	if (len > 0 && (size_t)len < size)
		len += snprintf(buf + len, size - (size_t)len, "}");
	return len;
}

static void sched_params(const struct optimize *o, const struct sched *s, char *buf, size_t size)
{
	char pk[384];

	peak_json(&s->lexi, pk, sizeof(pk));
	snprintf(buf, size,
		 "{\"by\": \"optimize\", \"mode\": \"%s\", \"pcpus\": %d, \"cap_pct\": %d, "
		 "\"objective\": \"%s\", \"checked\": \"%s\", \"overlap_ns\": %lld, "
		 "\"wait_mean_ns\": %.1f, \"wait_max_ns\": %lld, \"time_limit_s\": %g, "
		 "\"peak_max_pct\": %d%s}",
		 mode_str(o->mode), o->sc.pcpus, o->cap,
		 o->a.lateness > 0 ? "lateness" : "makespan",
		 s->rule ? "chains,releases,pcpus,category rule" : "chains,releases,pcpus",
		 (long long)s->st.overlap, s->st.wait_mean, (long long)s->st.wait_max,
		 o->a.time_limit > 0 ? o->a.time_limit : 10, s->peak, pk);
}

/* one transaction per schedule, replacing the same kind */
static int store(struct optimize *o, int k)
{
	struct sched *s = &o->s[k];
	struct ioa_schedule_rec r = {.scenario_id = o->sc.scenario_id};
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
	ret = ioa_db_schedule_store(o->db, &r, p, o->n, &o->err);
	s->schedule_id = r.schedule_id;
	free(p);
	return ret;
}

static int compute_all(struct optimize *o)
{
	int k, ret = run_traced(o);

	progress(o, "baseline and online");
	for (k = K_BASELINE; !ret && k <= K_ONLINE; k++)
		ret = run_policy(o, k);
	progress(o, "heuristic");
	if (!ret)
		ret = run_solver(o, K_HEUR);
	progress(o, "optimized (Ctrl-C keeps the best)");
	signal(SIGINT, on_sigint);
	if (!ret && o->s[K_HEUR].status != IOA_ST_INFEASIBLE)
		ret = run_solver(o, K_OPT);
	else
		o->s[K_OPT].status = IOA_ST_INFEASIBLE;
	signal(SIGINT, SIG_DFL);
	if (o->cli.log.progress)
		fputs("\r\033[K", stderr);
	for (k = 0; !ret && k < NKIND; k++)
		if (o->s[k].have)
			ret = store(o, k);
	return ret;
}

static void print_row(const struct sched *s, const char *kind)
{
	char b[32] = "-", g[32] = "-";

	if (!s->have) {
		printf("%-10s %12s %12s %12s %12s %12s %7s  %-10s %8s\n", kind, "-", "-", "-", "-",
		       "-", "-", ioa_status_name(s->status), "-");
		return;
	}
	if (s->bound >= 0) {
		snprintf(b, sizeof(b), "%.6f", (double)s->bound / 1e6);
		snprintf(g, sizeof(g), "%.3f", 100 * s->gap);
	}
	printf("%-10s %12.6f %12.6f %12.6f %12.6f %12s %7s  %-10s %8.3f\n", kind,
	       (double)s->st.makespan / 1e6, s->st.wait_mean / 1e6, (double)s->st.wait_max / 1e6,
	       (double)s->st.overlap / 1e6, b, g, ioa_status_name(s->status), s->seconds);
}

/* the optimized schedule's peak stage, one line */
static void print_peak(const struct sched *s)
{
	const struct ioa_peak *p = &s->lexi;
	int c;

	if (!s->have || p->how == IOA_PEAK_OFF)
		return;
	printf("optimized peak_util_pct %d (first stage %d, bound %d; %s, %s):", p->after,
	       p->before, p->bound, ioa_peak_how_name(p->how), ioa_status_name(p->status));
	for (c = 0; c < IOA_CAT_COMPUTE; c++)
		printf(" %s %d", ioa_cat_name(c), p->comp[c]);
	putchar('\n');
}

static void print_table(const struct optimize *o)
{
	int k;

	printf("scenario %lld \"%s\" (%s, %d tasks, %d pCPUs, mode %s, objective %s)\n",
	       (long long)o->sc.scenario_id, o->sc.name, o->sc.source, o->n, o->sc.pcpus,
	       mode_str(o->mode), o->a.lateness > 0 ? "lateness" : "makespan");
	printf("%-10s %12s %12s %12s %12s %12s %7s  %-10s %8s\n", "kind", "makespan_ms",
	       "wait_mean_ms", "wait_max_ms", "overlap_ms", "bound_ms", "gap_%", "status",
	       "seconds");
	for (k = 0; k < NKIND; k++)
		if (o->s[k].have || k >= K_HEUR)
			print_row(&o->s[k], kind_name[k]);
	printf("(bound and gap refer to the objective; as-traced and baseline ignore the "
	       "category rule by design)\n");
	print_peak(&o->s[K_OPT]);
}

static void print_json_sched(const struct sched *s, const char *kind)
{
	printf("{\"kind\": \"%s\", \"status\": \"%s\"", kind, ioa_status_name(s->status));
	if (s->have)
		printf(", \"schedule_id\": %lld, \"objective\": %lld, \"makespan_ns\": %lld, "
		       "\"wait_mean_ns\": %.1f, \"wait_max_ns\": %lld, \"overlap_ns\": %lld, "
		       "\"category_rule_checked\": %s, \"seconds\": %.4f",
		       (long long)s->schedule_id, (long long)s->objective,
		       (long long)s->st.makespan, s->st.wait_mean, (long long)s->st.wait_max,
		       (long long)s->st.overlap, s->rule ? "true" : "false", s->seconds);
	if (s->have) {
		char pk[384];

		peak_json(&s->lexi, pk, sizeof(pk));
		printf(", \"peak_max_pct\": %d%s", s->peak, pk);
	}
	if (s->have && s->bound >= 0)
		printf(", \"bound\": %lld, \"gap\": %.6f", (long long)s->bound, s->gap);
	putchar('}');
}

static void print_json(const struct optimize *o)
{
	int k, first = 1;

	printf("{\"scenario\": %lld, \"name\": ", (long long)o->sc.scenario_id);
	ioa_json_str(stdout, o->sc.name);
	printf(", \"source\": \"%s\", \"trace\": %lld, \"tasks\": %d, \"pcpus\": %d, "
	       "\"mode\": \"%s\", \"cap_pct\": %d, \"objective\": \"%s\", \"schedules\": [",
	       o->sc.source, (long long)o->sc.trace_id, o->n, o->sc.pcpus, mode_str(o->mode),
	       o->cap, o->a.lateness > 0 ? "lateness" : "makespan");
	for (k = 0; k < NKIND; k++) {
		if (!o->s[k].have && k < K_HEUR)
			continue;
		fputs(first ? "" : ", ", stdout);
		print_json_sched(&o->s[k], kind_name[k]);
		first = 0;
	}
	puts("]}");
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

static int run_db(struct optimize *o)
{
	int ret = ioa_db_open(&o->db, o->cli.db, IOA_DB_UPDATE, NULL, &o->err);

	if (!ret)
		ret = o->a.scenario_id ? from_scenario(o) : from_trace(o);
	if (!ret) {
		o->mode = mode_index(o->sc.mode) >= 0 ? mode_index(o->sc.mode) : IOA_MODE_STRICT;
		o->cap = (int)IOA_MAX(1, lround(o->sc.cap_pct));
		if (o->a.lateness < 0)
			o->a.lateness = !strcmp(o->sc.objective, "lateness");
		ret = build_instances(o);
	}
	if (!ret)
		ret = compute_all(o);
	if (!ret && o->a.json)
		print_json(o);
	else if (!ret)
		print_table(o);
	if (!ret && o->infeasible)
		ret = ioa_error(&o->err, IOA_EINFEASIBLE,
				"no schedule meeting every deadline found (mode %s)",
				mode_str(o->mode));
	optimize_release(o);
	return ret;
}

int ioa_cmd_optimize(int argc, char **argv)
{
	struct optimize o;
	int opt, stop, ret;

	memset(&o, 0, sizeof(o));
	o.a.mode = o.a.lateness = -1;
	o.a.win_b = -1;
	ioa_cli_init(&o.cli, "ioaware optimize");
	while ((opt = getopt_long(argc, argv, IOA_COMMON_SHORTOPTS, optimize_longopts, NULL)) !=
	       -1) {
		if (ioa_cli_common(&o.cli, opt, optimize_help, &stop)) {
			if (stop >= 0)
				return stop;
			continue;
		}
		if (parse_opt(&o.cli, &o.a, opt))
			return IOA_EXIT_USAGE;
	}
	if (optind < argc)
		return ioa_cli_usage(&o.cli, "unexpected argument '%s'", argv[optind]);
	if (o.a.psplib || o.a.synthetic)
		return run_core(&o.cli, &o.a);
	if (o.a.scenario_id && (o.a.trace_id || o.a.win_b >= 0))
		return ioa_cli_usage(&o.cli, "--scenario excludes --trace and --window");
	ret = run_db(&o);
	return ret ? ioa_cli_fail(&o.cli, &o.err, ret) : IOA_EXIT_OK;
}
