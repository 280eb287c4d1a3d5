// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * ioaware simulate: run every stored schedule of a scenario through the simulator
 * (optimizer/sim.h), store metric and util_series rows, print a table or JSON. With --trace,
 * first turn a trace's vCPU segments into a scenario with its as-traced schedule and report
 * how exactly the simulation reproduces the measured timeline.
 */
#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_simulate.h"
#include "optimizer.h"
#include "stage.h"
#include "plan.h"

static const char simulate_help[] =
	"Usage: ioaware simulate [OPTIONS]\n\n"
	"Executes every stored schedule of a scenario on I/O components of finite capacity and\n"
	"stores what happened (metric, util_series): per component average and peak demanded\n"
	"utilisation, time above 100 %, delivered work; per pCPU busy/idle/load share; makespan;\n"
	"waits, stretch and deadline misses per task and vCPU; same-category overlap time.\n"
	"A pCPU runs its tasks in planned-start order, a vCPU's tasks run in order, and a task\n"
	"starts at max(planned start, release, pCPU free, chain predecessor done).\n\n"
	"Options:\n"
	"  --scenario ID   scenario to simulate (default: the newest)\n"
	"  --model M       share: overloaded components deliver capacity/demand to every task\n"
	"                  on them (processor sharing, default); block: a task that would push\n"
	"                  its component above capacity waits; none: no stretch (replay)\n"
	"  --cap PCT       component capacity in % (default 100)\n"
	"  --trace ID      first build a scenario from trace ID's vCPU segments with its\n"
	"                  as-traced schedule (unclassified segments count as COMPUTE) and\n"
	"                  print the error of the replay against the measured timeline\n"
	"  --compute       build baseline, online and optimized schedules through the\n"
	"                  optimizer API first (for scenarios without schedules)\n"
	"  --kinds LIST    kinds --compute builds (default baseline,online,optimized)\n"
	"  --time-limit S  seconds for the optimized schedule with --compute (default 5)\n"
	"  --json          {\"scenario\": ..., \"schedules\": [{\"kind\": ..., \"makespan_s\": "
	"...,\n"
	"                  \"components\": {\"GPU\": {\"avg_util_pct\": ..., \"max_util_pct\": "
	"...,\n"
	"                  \"overload_s\": ...}, ...}, \"pcpus\": [...], ...}]}\n" IOA_COMMON_HELP
	"\nExamples:\n"
	"  ioaware synth --preset paper && ioaware simulate --compute\n"
	"  ioaware simulate --scenario 3 --model block --json | jq '.schedules[].components.GPU'\n"
	"  ioaware simulate --trace 1\n\n" IOA_EXIT_HELP;

enum {
	OPT_SCENARIO = IOA_OPT__FIRST_CMD,
	OPT_MODEL,
	OPT_CAP,
	OPT_TRACE,
	OPT_COMPUTE,
	OPT_TLIMIT,
	OPT_KINDS,
	OPT_JSON,
};

static const struct option simulate_longopts[] = {
	IOA_COMMON_LONGOPTS,
	{ "scenario", required_argument, NULL, OPT_SCENARIO },
	{ "model", required_argument, NULL, OPT_MODEL },
	{ "cap", required_argument, NULL, OPT_CAP },
	{ "trace", required_argument, NULL, OPT_TRACE },
	{ "compute", no_argument, NULL, OPT_COMPUTE },
	{ "time-limit", required_argument, NULL, OPT_TLIMIT },
	{ "kinds", required_argument, NULL, OPT_KINDS },
	{ "json", no_argument, NULL, OPT_JSON },
	{ NULL, 0, NULL, 0 },
};

struct simulate {
	struct ioa_cli cli;
	FILE *out; /* the table or JSON, NULL: none */
	struct ioa_db *db;
	struct ioa_err err;
	int64_t scenario_id, trace_id;
	struct ioa_sim_opts opts;
	int json, compute, kinds;
	double time_limit;
	struct ioa_scenario_rec sc;
	struct ioa_task_rec *tasks;
	int ntasks;
	struct ioa_sim_task *st;
	struct ioa_vm_groups vg;
	struct ioa_sim_group *vx; /* [schedules * vg.n] per-VM latency */
};

int ioa_tasks_to_sim(const struct ioa_task_rec *t, int n, struct ioa_sim_task **out,
		     struct ioa_err *err)
{
	struct ioa_sim_task *s = ioa_xcalloc((size_t)(n ? n : 1), sizeof(*s));
	int i;

	for (i = 0; i < n; i++) {
		s[i].release_ns = t[i].release_ns;
		s[i].dur_ns = t[i].dur_ns;
		s[i].deadline_ns = t[i].deadline_ns;
		s[i].cat = ioa_cat_index(t[i].category);
		s[i].chain = t[i].chain;
		s[i].util_pct = t[i].util_pct;
		if (s[i].cat < 0) {
			free(s);
			*out = NULL;
			return ioa_error(err, IOA_EINPUT, "task %d: unknown category '%s'",
					 t[i].task_id, t[i].category);
		}
	}
	*out = s;
	return 0;
}

#define METRIC(sc, k, nm, v)                                                                       \
	do {                                                                                       \
		IOA_GROW(m, n, alloc);                                                             \
		m[n].scope = (sc);                                                                 \
		ioa_strlcpy(m[n].key, (k), sizeof(m[n].key));                                      \
		m[n].name = (nm);                                                                  \
		m[n++].value = (v);                                                                \
	} while (0)

static int comp_metrics(const struct ioa_sim_result *r, struct ioa_metric_rec **mp, int n,
			int *allocp)
{
	struct ioa_metric_rec *m = *mp;
	int alloc = *allocp, c, p;
	char key[32];

	for (c = 0; c < IOA_SIM_NCOMP; c++) {
		const struct ioa_sim_comp *cp = &r->comp[c];
		const char *k = ioa_cat_name(c);

		METRIC("component", k, "avg_util_pct", cp->avg_util_pct);
		METRIC("component", k, "max_util_pct", cp->max_util_pct);
		METRIC("component", k, "overload_s", cp->overload_s);
		METRIC("component", k, "work_s", cp->work_s);
		METRIC("component", k, "overlap_s", cp->overlap_s);
	}
	for (p = 0; p < r->pcpus; p++) {
		snprintf(key, sizeof(key), "%d", p);
		METRIC("pcpu", key, "busy_s", r->busy_s[p]);
		METRIC("pcpu", key, "idle_s", r->idle_s[p]);
		METRIC("pcpu", key, "load_share", r->load_share[p]);
	}
	*mp = m;
	*allocp = alloc;
	return n;
}

/* "vm/vcpu" of a chain when its tasks name one, else "chain N" */
static void chain_keys(const struct ioa_task_rec *t, int n, int nchains, char (*key)[32])
{
	int i;

	for (i = 0; i < nchains; i++)
		snprintf(key[i], 32, "chain %d", i);
	for (i = 0; i < n; i++)
		if (t[i].chain >= 0 && t[i].chain < nchains && t[i].vm_id >= 0 && t[i].vcpu >= 0)
			snprintf(key[t[i].chain], 32, t[i].copy ? "%lld/%d copy %d" : "%lld/%d",
				 (long long)t[i].vm_id, t[i].vcpu, t[i].copy);
}

static int chain_metrics(const struct ioa_sim_result *r, const struct ioa_task_rec *t, int nt,
			 struct ioa_metric_rec **mp, int n, int *allocp)
{
	char(*key)[32] = ioa_xcalloc((size_t)(r->nchains ? r->nchains : 1), 32);
	struct ioa_metric_rec *m = *mp;
	int alloc = *allocp, i;

	chain_keys(t, nt, r->nchains, key);
	for (i = 0; i < r->nchains; i++) {
		const struct ioa_sim_chain *ch = &r->chain[i];

		if (!ch->ntasks)
			continue;
		METRIC("vcpu", key[i], "tasks", ch->ntasks);
		METRIC("vcpu", key[i], "wait_mean_s", ch->wait_s / ch->ntasks);
		METRIC("vcpu", key[i], "wait_max_s", ch->wait_max_s);
		METRIC("vcpu", key[i], "stretch_max", ch->stretch_max);
		METRIC("vcpu", key[i], "deadline_misses", ch->misses);
	}
	free(key);
	*mp = m;
	*allocp = alloc;
	return n;
}

/*
 * The components by name: util_series rows then come in its primary-key order (component,
 * time), so storing them appends to the b-tree instead of inserting 4 M ETHERNET rows in
 * front of RAM's (half-full pages, a search per row).
 */
static void comp_name_order(int *order)
{
	int i, j, x;

	for (i = 0; i < IOA_SIM_NCOMP; i++) {
		for (x = i, j = i; j > 0 && strcmp(ioa_cat_name(order[j - 1]), ioa_cat_name(x)) > 0;
		     j--)
			order[j] = order[j - 1];
		order[j] = x;
	}
}

void ioa_sim_metrics(const struct ioa_sim_result *r, const struct ioa_task_rec *t, int nt,
		     struct ioa_metric_rec **mp, int *nm, struct ioa_series_rec **sp, int *ns)
{
	struct ioa_metric_rec *m = NULL;
	struct ioa_series_rec *s;
	int order[IOA_SIM_NCOMP];
	int n = 0, alloc = 0, c, i, j, k = 0;

	METRIC("schedule", "", "makespan_s", (double)r->makespan_ns / 1e9);
	METRIC("schedule", "", "wait_mean_s", r->wait_mean_s);
	METRIC("schedule", "", "wait_max_s", r->wait_max_s);
	METRIC("schedule", "", "wait_p90_s", r->wait_p90_s);
	METRIC("schedule", "", "stretch_mean", r->stretch_mean);
	METRIC("schedule", "", "stretch_max", r->stretch_max);
	METRIC("schedule", "", "deadline_misses", r->deadline_misses);
	METRIC("schedule", "", "overload_s", r->overload_any_s);
	METRIC("schedule", "", "overlap_s", r->overlap_s);
	n = comp_metrics(r, &m, n, &alloc);
	n = chain_metrics(r, t, nt, &m, n, &alloc);
	*mp = m;
	*nm = n;
	for (c = 0; c < IOA_SIM_NCOMP; c++)
		k += r->comp[c].nseries;
	s = ioa_xcalloc((size_t)(k ? k : 1), sizeof(*s));
	k = 0;
	comp_name_order(order);
	for (j = 0; j < IOA_SIM_NCOMP; j++)
		for (c = order[j], i = 0; i < r->comp[c].nseries; i++, k++) {
			s[k].component = ioa_cat_name(c);
			s[k].t_ns = r->comp[c].series[i].t_ns;
			s[k].util_pct = r->comp[c].series[i].util_pct;
		}
	*sp = s;
	*ns = k;
}

void ioa_sim_peaks_json(const struct ioa_sim_result *r, char *buf, size_t size)
{
	size_t off = 0;
	int c;

	off += (size_t)snprintf(buf, size, "{");
	for (c = 0; c < IOA_SIM_NCOMP && off < size; c++)
		off += (size_t)snprintf(buf + off, size - off, "%s\"%s\": %.3f", c ? ", " : "",
					ioa_cat_name(c), r->comp[c].max_util_pct);
	if (off < size)
		snprintf(buf + off, size - off, "}");
}

void ioa_sim_json(FILE *out, const struct ioa_sim_result *r)
{
	int c, p;

	fprintf(out,
		"\"makespan_s\": %.9f, \"wait_mean_s\": %.9f, \"wait_p90_s\": %.9f, "
		"\"wait_max_s\": %.9f, \"stretch_mean\": %.6f, \"stretch_max\": %.6f, "
		"\"deadline_misses\": %d, \"overload_s\": %.9f, \"overlap_s\": %.9f, "
		"\"components\": {",
		(double)r->makespan_ns / 1e9, r->wait_mean_s, r->wait_p90_s, r->wait_max_s,
		r->stretch_mean, r->stretch_max, r->deadline_misses, r->overload_any_s,
		r->overlap_s);
	for (c = 0; c < IOA_SIM_NCOMP; c++) {
		const struct ioa_sim_comp *cp = &r->comp[c];

		fprintf(out,
			"%s\"%s\": {\"avg_util_pct\": %.4f, \"max_util_pct\": %.4f, "
			"\"overload_s\": %.9f, \"work_s\": %.9f, \"overlap_s\": %.9f}",
			c ? ", " : "", ioa_cat_name(c), cp->avg_util_pct, cp->max_util_pct,
			cp->overload_s, cp->work_s, cp->overlap_s);
	}
	fputs("}, \"pcpus\": [", out);
	for (p = 0; p < r->pcpus; p++)
		fprintf(out,
			"%s{\"pcpu\": %d, \"busy_s\": %.9f, \"idle_s\": %.9f, "
			"\"load_share\": %.4f}",
			p ? ", " : "", p, r->busy_s[p], r->idle_s[p], r->load_share[p]);
	fputc(']', out);
}

static int parse(struct simulate *s, int argc, char **argv)
{
	int opt, stop;
	char *end;

	while ((opt = getopt_long(argc, argv, IOA_COMMON_SHORTOPTS, simulate_longopts, NULL)) !=
	       -1) {
		if (ioa_cli_common(&s->cli, opt, simulate_help, &stop)) {
			if (stop >= 0)
				return stop;
			continue;
		}
		end = NULL;
		if (opt == OPT_SCENARIO)
			s->scenario_id = strtoll(optarg, &end, 10);
		else if (opt == OPT_TRACE)
			s->trace_id = strtoll(optarg, &end, 10);
		else if (opt == OPT_CAP)
			s->opts.cap_pct = strtod(optarg, &end);
		else if (opt == OPT_TLIMIT)
			s->time_limit = strtod(optarg, &end);
		else if (opt == OPT_KINDS && (s->kinds = ioa_policy_mask(optarg)) <= 0)
			return ioa_cli_usage(&s->cli, "--kinds: '%s'", optarg);
		else if (opt == OPT_MODEL && (s->opts.model = ioa_sim_model_parse(optarg)) < 0)
			return ioa_cli_usage(&s->cli, "--model: '%s': want share, block or none",
					     optarg);
		s->json |= opt == OPT_JSON;
		s->compute |= opt == OPT_COMPUTE;
		if (end && (*end || end == optarg))
			return ioa_cli_usage(&s->cli, "'%s': not a number", optarg);
	}
	if (optind < argc)
		return ioa_cli_usage(&s->cli, "unexpected argument '%s'", argv[optind]);
	if (s->scenario_id < 0 || s->trace_id < 0 || s->opts.cap_pct <= 0 || s->time_limit <= 0)
		return ioa_cli_usage(&s->cli, "ids, --cap and --time-limit must be positive");
	return -1;
}

static int mode_of(const char *mode)
{
	if (!strcmp(mode, "overlap"))
		return IOA_MODE_OVERLAP;
	if (!strcmp(mode, "edf"))
		return IOA_MODE_EDF;
	return IOA_MODE_STRICT;
}

/* build and store baseline, online and optimized schedules of the scenario */
static int compute(struct simulate *s)
{
	struct ioa_built b[IOA_NKINDS];
	struct ioa_placement_rec *p;
	int k, i, ret;

	ret = ioa_build_schedules(s->tasks, s->ntasks, s->sc.pcpus, mode_of(s->sc.mode),
				  (int)lround(s->sc.cap_pct), s->time_limit, 1, s->kinds, b,
				  &s->err);
	if (ret)
		return ret;
	p = ioa_xcalloc((size_t)(s->ntasks ? s->ntasks : 1), sizeof(*p));
	for (k = 0; k < IOA_NKINDS && !ret; k++) {
		struct ioa_schedule_rec r = { .scenario_id = s->sc.scenario_id };

		if (!b[k].pl)
			continue;
		for (i = 0; i < s->ntasks; i++) {
			p[i].task_id = s->tasks[i].task_id;
			p[i].pcpu = b[k].pl[i].pcpu;
			p[i].start_ns = b[k].pl[i].start_ns;
			p[i].end_ns = p[i].start_ns + s->tasks[i].dur_ns;
		}
		ioa_strlcpy(r.kind, b[k].kind, sizeof(r.kind));
		ioa_strlcpy(r.status, ioa_status_name(b[k].status), sizeof(r.status));
		r.objective = (double)b[k].makespan;
		r.bound = b[k].bound >= 0 ? (double)b[k].bound : NAN;
		r.gap = b[k].bound >= 0 ? b[k].gap : NAN;
		r.makespan_ns = b[k].makespan;
		r.solve_seconds = b[k].seconds;
		snprintf(r.params, sizeof(r.params),
			 "{\"by\": \"simulate --compute\", "
			 "\"time_limit_s\": %g}",
			 s->time_limit);
		ret = ioa_db_schedule_store(s->db, &r, p, s->ntasks, &s->err);
	}
	free(p);
	for (k = 0; k < IOA_NKINDS; k++)
		ioa_built_release(&b[k]);
	return ret;
}

/* largest |simulated - measured| start or end over the as-traced tasks, in ns */
static int64_t replay_error(const struct ioa_sim_task *t, const struct ioa_sim_place *pl, int n,
			    int pcpus, int model, double *mean, struct ioa_err *err)
{
	struct ioa_sim_opts o = { model, 100.0, 0 };
	struct ioa_sim_result r;
	int64_t worst = 0;
	double sum = 0;
	int i;

	if (ioa_sim_run(&r, t, pl, n, pcpus, &o, err))
		return -1;
	for (i = 0; i < n; i++) {
		int64_t e = llabs(r.start_ns[i] - pl[i].start_ns);
		int64_t f = llabs(r.finish_ns[i] - (pl[i].start_ns + t[i].dur_ns));

		worst = IOA_MAX(worst, IOA_MAX(e, f));
		sum += (double)f;
	}
	*mean = n ? sum / n : 0;
	ioa_sim_result_release(&r);
	return worst;
}

static void report_replay(struct simulate *s, struct ioa_placement_rec *p, int pcpus)
{
	struct ioa_sim_place *pl = ioa_xcalloc((size_t)s->ntasks, sizeof(*pl));
	double m0 = 0, m1 = 0;
	int64_t e0, e1;
	int i;

	for (i = 0; i < s->ntasks; i++) {
		pl[i].pcpu = p[i].pcpu;
		pl[i].start_ns = p[i].start_ns;
	}
	e0 = replay_error(s->st, pl, s->ntasks, pcpus, IOA_SIM_NONE, &m0, &s->err);
	e1 = replay_error(s->st, pl, s->ntasks, pcpus, IOA_SIM_SHARE, &m1, &s->err);
	fprintf(s->json || !s->out ? stderr : s->out,
		"as-traced replay of trace %lld (%d segments): no stretch max error %lld ns; "
		"sharing model max error %lld ns, mean end error %.1f ns\n",
		(long long)s->trace_id, s->ntasks, (long long)e0, (long long)e1, m1);
	free(pl);
}

static int max_cpu(const struct ioa_placement_rec *p, int n, int cpus)
{
	int i;

	for (i = 0; i < n; i++)
		cpus = IOA_MAX(cpus, p[i].pcpu + 1);
	return cpus;
}

/* a trace's vCPU segments -> scenario + as-traced schedule */
static int import_trace(struct simulate *s)
{
	struct ioa_schedule_rec r = { .objective = NAN, .bound = NAN, .gap = NAN };
	struct ioa_placement_rec *p;
	int cpus, i, ret;
	int64_t end = 0, first = INT64_MAX;

	ret = ioa_db_trace_tasks(s->db, s->trace_id, &s->tasks, &p, &s->ntasks, &cpus, &s->err);
	if (ret)
		return ret;
	cpus = max_cpu(p, s->ntasks, cpus);
	for (i = 0; i < s->ntasks; i++) {
		end = IOA_MAX(end, p[i].end_ns);
		first = IOA_MIN(first, s->tasks[i].release_ns);
	}
	memset(&s->sc, 0, sizeof(s->sc));
	snprintf(s->sc.name, sizeof(s->sc.name), "trace %lld as traced", (long long)s->trace_id);
	ioa_strlcpy(s->sc.source, "trace", sizeof(s->sc.source));
	ioa_strlcpy(s->sc.mode, "strict", sizeof(s->sc.mode));
	s->sc.trace_id = s->trace_id;
	s->sc.window_start_ns = s->sc.window_end_ns = s->sc.seed = -1;
	s->sc.pcpus = cpus;
	s->sc.cap_pct = 100;
	ret = ioa_db_scenario_create(s->db, &s->sc, s->tasks, s->ntasks, &s->err);
	r.scenario_id = s->sc.scenario_id;
	ioa_strlcpy(r.kind, "as-traced", sizeof(r.kind));
	ioa_strlcpy(r.status, "feasible", sizeof(r.status));
	r.makespan_ns = end - first;
	r.solve_seconds = NAN;
	if (!ret)
		ret = ioa_db_schedule_store(s->db, &r, p, s->ntasks, &s->err);
	if (!ret)
		ret = ioa_tasks_to_sim(s->tasks, s->ntasks, &s->st, &s->err);
	if (!ret)
		report_replay(s, p, cpus);
	s->scenario_id = s->sc.scenario_id;
	free(p);
	free(s->tasks);
	free(s->st);
	s->tasks = NULL;
	s->st = NULL;
	return ret;
}

/* placements of one schedule, indexed like the tasks */
static int load_places(struct simulate *s, int64_t id, struct ioa_sim_place **out)
{
	struct ioa_placement_rec *p;
	struct ioa_sim_place *pl;
	int n, i, ret;

	ret = ioa_db_placements(s->db, id, &p, &n, &s->err);
	if (ret)
		return ret;
	pl = ioa_xcalloc((size_t)(s->ntasks ? s->ntasks : 1), sizeof(*pl));
	for (i = 0; i < n && !ret; i++) {
		if (p[i].task_id < 0 || p[i].task_id >= s->ntasks || n != s->ntasks)
			ret = ioa_error(&s->err, IOA_EINPUT,
					"schedule %lld: %d placements for %d "
					"tasks",
					(long long)id, n, s->ntasks);
		else
			pl[p[i].task_id] = (struct ioa_sim_place){ p[i].pcpu, p[i].start_ns };
	}
	free(p);
	if (ret)
		free(pl);
	*out = ret ? NULL : pl;
	return ret;
}

/*
 * One schedule's rows stored by a thread of its own while the next schedule is simulated:
 * storing 1.4 M series rows takes as long as simulating them. The connection is used by one
 * thread at a time (the main thread touches it only after store_wait()); each schedule is
 * still one transaction of its own.
 */
struct store_job {
	pthread_t thread;
	int running;
	struct ioa_db *db;
	int64_t schedule_id;
	struct ioa_metric_rec *m;
	struct ioa_series_rec *ser;
	int nm, ns;
	int ret;
	struct ioa_err err;
};

static void *store_main(void *arg)
{
	struct store_job *j = arg;

	j->ret = ioa_db_sim_store(j->db, j->schedule_id, j->m, j->nm, j->ser, j->ns, &j->err);
	return NULL;
}

/* wait for the running store, if any; its error into @err (NULL: dropped) */
static int store_wait(struct store_job *j, struct ioa_err *err)
{
	if (!j->running)
		return 0;
	pthread_join(j->thread, NULL);
	j->running = 0;
	free(j->m);
	free(j->ser);
	if (j->ret && err)
		*err = j->err;
	return j->ret;
}

/* store in the background (in this thread when no thread can be made) */
static int store_start(struct store_job *j, struct ioa_err *err)
{
	j->ret = 0;
	j->running = 1;
	if (!pthread_create(&j->thread, NULL, store_main, j))
		return 0;
	j->running = 0;
	store_main(j);
	free(j->m);
	free(j->ser);
	if (j->ret)
		*err = j->err;
	return j->ret;
}

/* simulate one schedule (no database access); its rows into @j */
static int sim_one(struct simulate *s, const struct ioa_schedule_rec *x, struct ioa_sim_place *pl,
		   struct ioa_sim_result *r, struct ioa_sim_group *vx, struct store_job *j)
{
	int i, pcpus = s->sc.pcpus, ret;
	double t0;

	/* the as-traced schedule of several traces (or on fewer pCPUs) keeps its own CPUs */
	for (i = 0; i < s->ntasks; i++)
		pcpus = IOA_MAX(pcpus, pl[i].pcpu + 1);
	t0 = ioa_now();
	ret = ioa_sim_run(r, s->st, pl, s->ntasks, pcpus, &s->opts, &s->err);
	if (ret)
		return ret;
	ioa_log(&s->cli.log, IOA_LOG_INFO, "%s: %d tasks simulated in %.3f s\n", x->kind, s->ntasks,
		ioa_now() - t0);
	ioa_sim_metrics(r, s->tasks, s->ntasks, &j->m, &j->nm, &j->ser, &j->ns);
	ioa_sim_groups(vx, s->vg.n, r, s->st, s->vg.of_task);
	ioa_vm_metrics(&s->vg, vx, &j->m, &j->nm);
	j->db = s->db;
	j->schedule_id = x->schedule_id;
	return 0;
}

/*
 * Every schedule: load its placements, simulate, store. Schedule i is stored while i + 1 is
 * simulated; i + 1's placements are read before that store starts. Returns how many results
 * in @r hold something to release.
 */
static int sim_schedules(struct simulate *s, const struct ioa_schedule_rec *x, int n,
			 struct ioa_sim_result *r, int *done)
{
	struct store_job j = { .running = 0 }, nj;
	struct ioa_sim_place *pl, *next = NULL;
	int i, sret, ret = n ? load_places(s, x[0].schedule_id, &next) : 0;

	for (i = 0; i < n && !ret; i++) {
		pl = next;
		next = NULL;
		memset(&nj, 0, sizeof(nj));
		ret = sim_one(s, &x[i], pl, &r[i], s->vx + (size_t)i * s->vg.n, &nj);
		free(pl);
		*done = i + 1;
		sret = store_wait(&j, ret ? NULL : &s->err);
		ret = ret ? ret : sret;
		if (!ret && i + 1 < n)
			ret = load_places(s, x[i + 1].schedule_id, &next);
		if (ret) {
			free(nj.m);
			free(nj.ser);
			break;
		}
		j = nj;
		ret = store_start(&j, &s->err);
	}
	free(next);
	sret = store_wait(&j, ret ? NULL : &s->err);
	return ret ? ret : sret;
}

/* per VM and schedule: p50 / p99 / max wait, deadline misses */
static void print_vms(const struct simulate *s, const struct ioa_schedule_rec *x, int n)
{
	int i, g;

	fprintf(s->out, "\nwait per VM (start - release), ms\n%-10s %-20s %7s %10s %10s %10s %7s\n",
		"kind", "vm", "tasks", "p50", "p99", "max", "misses");
	for (i = 0; i < n; i++)
		for (g = 0; g < s->vg.n; g++) {
			const struct ioa_sim_group *v = &s->vx[(size_t)i * s->vg.n + g];

			fprintf(s->out, "%-10s %-20.20s %7d %10.3f %10.3f %10.3f %7d\n", x[i].kind,
				s->vg.name[g], v->ntasks, v->p50_wait_s * 1e3, v->p99_wait_s * 1e3,
				v->max_wait_s * 1e3, v->misses);
		}
}

static void print_text(struct simulate *s, const struct ioa_schedule_rec *x,
		       const struct ioa_sim_result *r, int n)
{
	int i, c, p;

	fprintf(s->out, "scenario %lld \"%s\" (%s, %d tasks, %d pCPUs, %s), model %s\n",
		(long long)s->sc.scenario_id, s->sc.name, s->sc.source, s->ntasks, s->sc.pcpus,
		s->sc.mode, ioa_sim_model_name(s->opts.model));
	fprintf(s->out, "%-10s %12s %10s %10s %12s %12s %7s\n", "kind", "makespan_ms", "wait_ms",
		"p90_ms", "overload_ms", "overlap_ms", "misses");
	for (i = 0; i < n; i++)
		fprintf(s->out, "%-10s %12.3f %10.3f %10.3f %12.3f %12.3f %7d\n", x[i].kind,
			(double)r[i].makespan_ns / 1e6, r[i].wait_mean_s * 1e3,
			r[i].wait_p90_s * 1e3, r[i].overload_any_s * 1e3, r[i].overlap_s * 1e3,
			r[i].deadline_misses);
	fprintf(s->out, "\npeak / average demanded utilisation %%\n%-10s", "kind");
	for (c = 0; c < IOA_SIM_NCOMP; c++)
		fprintf(s->out, " %15s", ioa_cat_name(c));
	for (i = 0; i < n; i++) {
		fprintf(s->out, "\n%-10s", x[i].kind);
		for (c = 0; c < IOA_SIM_NCOMP; c++)
			fprintf(s->out, " %7.2f/%7.2f", r[i].comp[c].max_util_pct,
				r[i].comp[c].avg_util_pct);
	}
	fprintf(s->out, "\n\npCPU load share %%\n");
	for (i = 0; i < n; i++) {
		fprintf(s->out, "%-10s", x[i].kind);
		for (p = 0; p < r[i].pcpus; p++)
			fprintf(s->out, " %6.1f", r[i].load_share[p] * 100);
		fprintf(s->out, "\n");
	}
	print_vms(s, x, n);
}

static void print_json(struct simulate *s, const struct ioa_schedule_rec *x,
		       const struct ioa_sim_result *r, int n)
{
	int i;

	fprintf(s->out, "{\"scenario\": %lld, \"name\": ", (long long)s->sc.scenario_id);
	ioa_json_str(s->out, s->sc.name);
	fprintf(s->out,
		", \"source\": \"%s\", \"pcpus\": %d, \"tasks\": %d, \"model\": \"%s\", "
		"\"cap_pct\": %g, \"schedules\": [",
		s->sc.source, s->sc.pcpus, s->ntasks, ioa_sim_model_name(s->opts.model),
		s->opts.cap_pct);
	for (i = 0; i < n; i++) {
		fprintf(s->out, "%s{\"kind\": \"%s\", \"schedule_id\": %lld, \"status\": \"%s\", ",
			i ? ", " : "", x[i].kind, (long long)x[i].schedule_id, x[i].status);
		fprintf(s->out, "\"makespan\": %.9f, ", (double)r[i].makespan_ns / 1e9);
		ioa_sim_json(s->out, &r[i]);
		fputs(", ", s->out);
		ioa_vm_json(s->out, &s->vg, s->vx + (size_t)i * s->vg.n);
		fputc('}', s->out);
	}
	fprintf(s->out, "]}\n");
}

static int simulate_all(struct simulate *s)
{
	struct ioa_schedule_rec *x = NULL;
	struct ioa_sim_result *r;
	int n = 0, i, done = 0, ret;

	ret = ioa_db_schedules(s->db, s->sc.scenario_id, &x, &n, &s->err);
	if (!ret && !n)
		ret = ioa_error(&s->err, IOA_ENODATA,
				"scenario %lld has no schedule (run optimize, "
				"or simulate --compute)",
				(long long)s->sc.scenario_id);
	r = ioa_xcalloc((size_t)(n ? n : 1), sizeof(*r));
	s->vx = ioa_xcalloc((size_t)(n ? n : 1) * (size_t)IOA_MAX(s->vg.n, 1), sizeof(*s->vx));
	if (!ret)
		ret = sim_schedules(s, x, n, r, &done);
	if (!ret && s->out && s->json)
		print_json(s, x, r, n);
	else if (!ret && s->out)
		print_text(s, x, r, n);
	for (i = 0; i < done; i++)
		ioa_sim_result_release(&r[i]);
	free(r);
	free(x);
	free(s->vx);
	return ret;
}

static int simulate_run(struct simulate *s)
{
	int ret = ioa_db_open(&s->db, s->cli.db, IOA_DB_UPDATE, NULL, &s->err);

	if (!ret && s->trace_id)
		ret = import_trace(s);
	if (!ret)
		ret = ioa_scenario_pick(s->db, s->scenario_id, &s->cli.log, &s->sc, &s->err);
	if (!ret)
		ret = ioa_db_scenario_tasks(s->db, s->sc.scenario_id, &s->tasks, &s->ntasks,
					    &s->err);
	if (!ret)
		ret = ioa_tasks_to_sim(s->tasks, s->ntasks, &s->st, &s->err);
	if (!ret)
		ret = ioa_vm_groups_load(&s->vg, s->db, s->tasks, s->ntasks, &s->err);
	if (!ret && s->compute)
		ret = compute(s);
	if (!ret)
		ret = simulate_all(s);
	free(s->tasks);
	free(s->st);
	ioa_vm_groups_release(&s->vg);
	ioa_db_close(s->db);
	return ret;
}

void ioa_simulate_stage_init(struct ioa_simulate_stage_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->sim = (struct ioa_sim_opts){ IOA_SIM_SHARE, 100.0, 1 };
	o->time_limit = 5;
	o->kinds = 7;
}

int ioa_stage_simulate(const struct ioa_simulate_stage_opts *o, struct ioa_err *err)
{
	struct simulate *s = ioa_xcalloc(1, sizeof(*s));
	int ret;

	ioa_cli_init(&s->cli, "ioaware simulate");
	s->cli.db = o->c.db;
	if (o->c.log)
		s->cli.log = *o->c.log;
	s->out = o->c.out;
	s->json = o->c.json;
	s->scenario_id = o->scenario_id;
	s->trace_id = o->trace_id;
	s->opts = o->sim;
	s->compute = o->compute;
	s->kinds = o->kinds;
	s->time_limit = o->time_limit;
	ret = simulate_run(s);
	if (ret)
		*err = s->err;
	free(s);
	return ret;
}

int ioa_cmd_simulate(int argc, char **argv)
{
	struct ioa_simulate_stage_opts o;
	struct ioa_err err = { 0 };
	struct simulate s;
	int ret;

	memset(&s, 0, sizeof(s));
	ioa_simulate_stage_init(&o);
	ioa_cli_init(&s.cli, "ioaware simulate");
	s.opts = o.sim;
	s.time_limit = o.time_limit;
	s.kinds = o.kinds;
	ret = parse(&s, argc, argv);
	if (ret >= 0)
		return ret;
	o.c = (struct ioa_stage_common){ s.cli.db, &s.cli.log, stdout, s.json };
	o.scenario_id = s.scenario_id;
	o.trace_id = s.trace_id;
	o.sim = s.opts;
	o.compute = s.compute;
	o.kinds = s.kinds;
	o.time_limit = s.time_limit;
	ret = ioa_stage_simulate(&o, &err);
	return ret ? ioa_cli_fail(&s.cli, &err, ret) : IOA_EXIT_OK;
}
