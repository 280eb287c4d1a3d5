// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * ioaware sweep: capacity-planning what-if. For each point (pCPUs x mode x cap) of a scenario,
 * build the baseline, online and optimized schedules through the optimizer API, simulate them
 * (processor sharing) and report makespan, peaks, overload and waits; stored in sweep_point.
 * With --random N: N seeded random synthetic scenarios and the distribution of what the
 * online policy and the optimum change against the baseline, stored in sweep_stat.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_simulate.h"
#include "optimizer.h"
#include "plan.h"
#include "stage.h"
#include "rng.h"
#include "synth.h"

static const char sweep_help[] =
	"Usage: ioaware sweep [OPTIONS]\n\n"
	"For each point of pCPUs x mode x cap, builds the baseline (shortest run queue), online\n"
	"(the paper's policy) and optimized schedules of the scenario, simulates them with\n"
	"processor sharing and reports makespan, peak utilisation per component, overload time\n"
	"and waits; the points are stored in sweep_point. Answers \"how many cores does this host\n"
	"need so that no component is overloaded?\"\n\n"
	"Options:\n"
	"  --scenario ID    scenario (default: the newest)\n"
	"  --pcpus A-B      pCPU range (default 1-8), or one number\n"
	"  --modes LIST     strict,overlap,edf (default strict,overlap)\n"
	"  --caps LIST      overlap caps in % (default 100); strict/edf use 100 only\n"
	"  --time-limit S   seconds per optimized schedule (default 2; 0.5 with --random)\n"
	"  --random N       instead: N seeded random synthetic scenarios (strict mode), report\n"
	"                   the distribution (p10/median/p90/mean) of peak reduction, overload\n"
	"                   removed, makespan change and waits of online and optimized vs "
	"baseline\n"
	"  --seed S         seed of --random (default 1)\n"
	"  --csv            CSV instead of a table\n"
	"  --json           JSON instead of a table\n" IOA_COMMON_HELP "\nExamples:\n"
	"  ioaware sweep --pcpus 2-6 --modes strict,overlap --caps 100,80\n"
	"  ioaware sweep --random 1000 --seed 1 --json > dist.json\n\n" IOA_EXIT_HELP;

enum {
	OPT_SCENARIO = IOA_OPT__FIRST_CMD,
	OPT_PCPUS,
	OPT_MODES,
	OPT_CAPS,
	OPT_TLIMIT,
	OPT_RANDOM,
	OPT_SEED,
	OPT_CSV,
	OPT_JSON,
};

static const struct option sweep_longopts[] = {
	IOA_COMMON_LONGOPTS,
	{ "scenario", required_argument, NULL, OPT_SCENARIO },
	{ "pcpus", required_argument, NULL, OPT_PCPUS },
	{ "modes", required_argument, NULL, OPT_MODES },
	{ "caps", required_argument, NULL, OPT_CAPS },
	{ "time-limit", required_argument, NULL, OPT_TLIMIT },
	{ "random", required_argument, NULL, OPT_RANDOM },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "csv", no_argument, NULL, OPT_CSV },
	{ "json", no_argument, NULL, OPT_JSON },
	{ NULL, 0, NULL, 0 },
};

#define MAX_LIST 16

struct sweep {
	struct ioa_cli cli;
	struct ioa_db *db;
	struct ioa_err err;
	int64_t scenario_id;
	int p_lo, p_hi;
	int modes[MAX_LIST], nmodes;
	int caps[MAX_LIST], ncaps;
	double time_limit;
	int random, csv, json;
	uint64_t seed;
	struct ioa_sweep_rec *rows;
	int nrows, arows;
};

static const char *mode_name(int mode)
{
	return mode == IOA_MODE_OVERLAP ? "overlap" : mode == IOA_MODE_EDF ? "edf" : "strict";
}

static void to_vtasks(const struct ioa_task_rec *t, int n, int mode, int cap, struct ioa_vtask *v)
{
	int i;

	for (i = 0; i < n; i++) {
		v[i].release = t[i].release_ns;
		v[i].dur = t[i].dur_ns;
		v[i].deadline =
			mode == IOA_MODE_EDF && t[i].deadline_ns >= 0 ? t[i].deadline_ns : IOA_NONE;
		v[i].cat = ioa_cat_index(t[i].category);
		/* the optimizer's model is integer % and may not exceed the cap: the simulation
		 * still sees the exact demand */
		v[i].util = (int)IOA_MIN(lround(t[i].util_pct), cap);
		v[i].chain = t[i].chain;
		v[i].pin = t[i].pinned_pcpu >= 0 ? t[i].pinned_pcpu : IOA_NONE;
	}
}

/* one kind through the optimizer API, as placements */
static int run_kind(const struct ioa_inst *inst, int k, double tl, uint64_t seed,
		    struct ioa_built *b, struct ioa_err *err)
{
	struct ioa_solve_opts so = { .time_limit = tl, .seed = seed };
	struct ioa_policy_out po;
	int ret = ioa_policy_schedule(inst, k, &so, &po, err), i;

	b->status = po.status;
	b->wait_status = po.wait_status;
	b->wait_total = po.wait_total;
	b->wait_online = po.wait_online;
	b->seconds = po.seconds;
	b->makespan = po.makespan;
	b->bound = po.bound;
	b->gap = po.gap;
	if (!ret) {
		b->pl = ioa_xcalloc((size_t)(inst->n ? inst->n : 1), sizeof(*b->pl));
		for (i = 0; i < inst->n; i++)
			b->pl[i] = (struct ioa_sim_place){ po.cpu[i], po.start[i] };
	}
	ioa_policy_out_release(&po);
	return ret;
}

int ioa_build_schedules(const struct ioa_task_rec *t, int n, int pcpus, int mode, int cap,
			double time_limit, uint64_t seed, int mask, struct ioa_built *out,
			struct ioa_err *err)
{
	struct ioa_vtask *v = ioa_xcalloc((size_t)n + 1, sizeof(*v));
	struct ioa_inst inst;
	int k, ret;

	memset(out, 0, IOA_NKINDS * sizeof(*out));
	for (k = 0; k < IOA_NKINDS; k++)
		out[k].kind = ioa_policy_name(k);
	to_vtasks(t, n, mode, cap, v);
	memset(&inst, 0, sizeof(inst));
	ret = ioa_inst_vcpu(&inst, v, n, pcpus, mode, cap, err);
	free(v);
	if (ret) {
		ioa_inst_release(&inst);
		return ret;
	}
	for (k = 0; k < IOA_NKINDS && !ret; k++)
		if (mask & (1 << k))
			ret = run_kind(&inst, k, time_limit, seed, &out[k], err);
	ioa_inst_release(&inst);
	if (ret)
		for (k = 0; k < IOA_NKINDS; k++)
			ioa_built_release(&out[k]);
	return ret;
}

void ioa_built_release(struct ioa_built *b)
{
	free(b->pl);
	b->pl = NULL;
}

static int parse_list(const char *s, int *out, int *n, int modes)
{
	char buf[256], *tok, *save = NULL, *end;

	ioa_strlcpy(buf, s, sizeof(buf));
	*n = 0;
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (*n == MAX_LIST)
			return 0;
		if (modes && !strcmp(tok, "strict"))
			out[(*n)++] = IOA_MODE_STRICT;
		else if (modes && !strcmp(tok, "overlap"))
			out[(*n)++] = IOA_MODE_OVERLAP;
		else if (modes && !strcmp(tok, "edf"))
			out[(*n)++] = IOA_MODE_EDF;
		else if (modes)
			return 0;
		else if ((out[(*n)++] = (int)strtol(tok, &end, 10)) < 1 || *end ||
			 out[*n - 1] > 1000)
			return 0;
	}
	return *n > 0;
}

static int parse_opt(struct sweep *s, int opt, const char *arg)
{
	char *end = NULL;
	int ok = 1;

	if (opt == OPT_SCENARIO)
		s->scenario_id = strtoll(arg, &end, 10);
	else if (opt == OPT_PCPUS)
		ok = (sscanf(arg, "%d-%d", &s->p_lo, &s->p_hi) == 2 ||
		      (s->p_hi = s->p_lo = atoi(arg)) > 0) &&
		     s->p_lo >= 1 && s->p_hi >= s->p_lo && s->p_hi <= 256;
	else if (opt == OPT_MODES)
		ok = parse_list(arg, s->modes, &s->nmodes, 1);
	else if (opt == OPT_CAPS)
		ok = parse_list(arg, s->caps, &s->ncaps, 0);
	else if (opt == OPT_TLIMIT)
		s->time_limit = strtod(arg, &end);
	else if (opt == OPT_RANDOM)
		s->random = (int)strtol(arg, &end, 10);
	else if (opt == OPT_SEED)
		s->seed = strtoull(arg, &end, 10);
	if (end && (*end || end == arg))
		ok = 0;
	s->csv |= opt == OPT_CSV;
	s->json |= opt == OPT_JSON;
	return ok;
}

static int parse(struct sweep *s, int argc, char **argv)
{
	int opt, stop;

	while ((opt = getopt_long(argc, argv, IOA_COMMON_SHORTOPTS, sweep_longopts, NULL)) != -1) {
		if (ioa_cli_common(&s->cli, opt, sweep_help, &stop)) {
			if (stop >= 0)
				return stop;
			continue;
		}
		if (!parse_opt(s, opt, optarg))
			return ioa_cli_usage(&s->cli, "bad value '%s'", optarg);
	}
	if (optind < argc)
		return ioa_cli_usage(&s->cli, "unexpected argument '%s'", argv[optind]);
	if (s->random < 0 || s->random > 1000000 || s->scenario_id < 0 || s->time_limit < 0)
		return ioa_cli_usage(&s->cli, "--random, --scenario and --time-limit must be >= 0");
	if (s->time_limit == 0)
		s->time_limit = s->random ? 0.5 : 2;
	return -1;
}

/* simulate one built schedule with processor sharing (no series) */
static int sim_built(const struct ioa_sim_task *st, int n, int pcpus, const struct ioa_built *b,
		     struct ioa_sim_result *r, struct ioa_err *err)
{
	struct ioa_sim_opts o = { IOA_SIM_SHARE, 100.0, 0 };

	return ioa_sim_run(r, st, b->pl, n, pcpus, &o, err);
}

static void print_header(const struct sweep *s)
{
	int c;

	if (s->json)
		return;
	printf(s->csv ? "pcpus,mode,cap_pct,kind,makespan_ms,overload_ms,wait_mean_ms,wait_p90_ms,"
			"overlap_ms"
		      : "%5s %-8s %4s %-10s %12s %11s %9s %9s %10s",
	       "P", "mode", "cap", "kind", "makespan_ms", "overload_ms", "wait_ms", "p90_ms",
	       "overlap_ms");
	for (c = 0; c < IOA_SIM_NCOMP; c++)
		printf(s->csv ? ",%s_max_pct" : " %8.8s", ioa_cat_name(c));
	printf(s->csv ? ",status\n" : " %s\n", "status");
}

static void print_row(struct sweep *s, const struct ioa_sweep_rec *x,
		      const struct ioa_sim_result *r)
{
	int c;

	if (s->json) {
		printf("%s{\"pcpus\": %d, \"mode\": \"%s\", \"cap_pct\": %g, \"kind\": \"%s\", "
		       "\"status\": \"%s\", \"solve_seconds\": %.3f, \"makespan\": %.9f, ",
		       s->nrows > 1 ? ", " : "", x->pcpus, x->mode, x->cap_pct, x->kind, x->status,
		       x->solve_seconds, (double)x->makespan_ns / 1e9);
		ioa_sim_json(stdout, r);
		fputc('}', stdout);
		return;
	}
	printf(s->csv ? "%d,%s,%g,%s,%.3f,%.3f,%.3f,%.3f,%.3f"
		      : "%5d %-8s %4g %-10s %12.3f %11.3f %9.3f %9.3f %10.3f",
	       x->pcpus, x->mode, x->cap_pct, x->kind, (double)x->makespan_ns / 1e6,
	       x->overload_s * 1e3, x->wait_mean_ns / 1e6, x->wait_p90_ns / 1e6,
	       x->overlap_s * 1e3);
	for (c = 0; c < IOA_SIM_NCOMP; c++)
		printf(s->csv ? ",%.2f" : " %8.2f", r->comp[c].max_util_pct);
	printf(s->csv ? ",%s\n" : " %s\n", x->status);
}

static void add_row(struct sweep *s, int pcpus, int mode, int cap, const struct ioa_built *b,
		    const struct ioa_sim_result *r)
{
	struct ioa_sweep_rec *x;

	IOA_GROW(s->rows, s->nrows, s->arows);
	x = &s->rows[s->nrows++];
	memset(x, 0, sizeof(*x));
	x->pcpus = pcpus;
	ioa_strlcpy(x->mode, mode_name(mode), sizeof(x->mode));
	x->cap_pct = cap;
	ioa_strlcpy(x->kind, b->kind, sizeof(x->kind));
	x->makespan_ns = r->makespan_ns;
	x->overload_s = r->overload_any_s;
	x->wait_mean_ns = r->wait_mean_s * 1e9;
	x->wait_p90_ns = r->wait_p90_s * 1e9;
	x->overlap_s = r->overlap_s;
	ioa_strlcpy(x->status, ioa_status_name(b->status), sizeof(x->status));
	x->solve_seconds = b->seconds;
	ioa_sim_peaks_json(r, x->peaks, sizeof(x->peaks));
	print_row(s, x, r);
}

static int sweep_point(struct sweep *s, const struct ioa_task_rec *t, const struct ioa_sim_task *st,
		       int n, int p, int mode, int cap)
{
	struct ioa_built b[IOA_NKINDS];
	struct ioa_sim_result r;
	int k, ret;

	ret = ioa_build_schedules(t, n, p, mode, cap, s->time_limit, s->seed, 7, b, &s->err);
	if (ret)
		return ret;
	for (k = 0; k < IOA_NKINDS && !ret; k++) {
		ret = sim_built(st, n, p, &b[k], &r, &s->err);
		if (!ret)
			add_row(s, p, mode, cap, &b[k], &r);
		if (!ret)
			ioa_sim_result_release(&r);
	}
	for (k = 0; k < IOA_NKINDS; k++)
		ioa_built_release(&b[k]);
	if (!ret)
		ioa_log(&s->cli.log, IOA_LOG_INFO, "P=%d %s cap %d done\n", p, mode_name(mode),
			cap);
	return ret;
}

static int sweep_points(struct sweep *s, const struct ioa_task_rec *t,
			const struct ioa_sim_task *st, int n)
{
	int p, m, c, ret = 0;

	print_header(s);
	for (p = s->p_lo; p <= s->p_hi && !ret; p++)
		for (m = 0; m < s->nmodes && !ret; m++)
			for (c = 0; c < s->ncaps && !ret; c++) {
				if (s->modes[m] != IOA_MODE_OVERLAP && c)
					break; /* the cap means nothing without overlap */
				ret = sweep_point(s, t, st, n, p, s->modes[m],
						  s->modes[m] == IOA_MODE_OVERLAP ? s->caps[c]
										  : 100);
			}
	return ret;
}

static int sweep_scenario(struct sweep *s)
{
	struct ioa_scenario_rec sc;
	struct ioa_task_rec *t = NULL;
	struct ioa_sim_task *st = NULL;
	int n = 0, ret;

	ret = ioa_scenario_pick(s->db, s->scenario_id, &s->cli.log, &sc, &s->err);
	if (!ret)
		ret = ioa_db_scenario_tasks(s->db, sc.scenario_id, &t, &n, &s->err);
	if (!ret)
		ret = ioa_tasks_to_sim(t, n, &st, &s->err);
	if (!ret && s->json) {
		printf("{\"scenario\": %lld, \"name\": ", (long long)sc.scenario_id);
		ioa_json_str(stdout, sc.name);
		printf(", \"tasks\": %d, \"points\": [", n);
	} else if (!ret && !s->csv) {
		printf("sweep of scenario %lld \"%s\" (%d tasks), simulated with processor "
		       "sharing, optimized within %g s\n",
		       (long long)sc.scenario_id, sc.name, n, s->time_limit);
	}
	if (!ret)
		ret = sweep_points(s, t, st, n);
	if (s->json && !ret)
		printf("]}\n");
	if (!ret)
		ret = ioa_db_sweep_store(s->db, sc.scenario_id, s->rows, s->nrows, &s->err);
	free(t);
	free(st);
	return ret;
}

/* --- random sweep --- */

#define NABS 5
#define NREL 4
#define NDIST (IOA_NKINDS * NABS + (IOA_NKINDS - 1) * NREL)

static const char *const abs_fig[NABS] = {
	"peak_pct", "overload_ms", "makespan_ms", "wait_mean_ms", "deadline_misses",
};
static const char *const rel_fig[NREL] = {
	"peak_reduction_pct",
	"overload_removed_pct",
	"makespan_change_pct",
	"wait_change_ms",
};

struct dist {
	double *v;
	int n, alloc;
};

struct rsweep {
	struct dist d[NDIST];
	int worse_ms[IOA_NKINDS], worse_wait[IOA_NKINDS], optimal, n;
	int wait_proven, at_cstar, wait_above; /* the wait stage over the scenarios */
};

static void dist_add(struct dist *d, double v)
{
	IOA_GROW(d->v, d->n, d->alloc);
	d->v[d->n++] = v;
}

static double peak_of(const struct ioa_sim_result *r)
{
	double p = 0;
	int c;

	for (c = 0; c < IOA_SIM_NCOMP; c++)
		p = IOA_MAX(p, r->comp[c].max_util_pct);
	return p;
}

static void record(struct rsweep *rs, const struct ioa_sim_result *r)
{
	double pb = peak_of(&r[0]), ob = r[0].overload_any_s, mb = (double)r[0].makespan_ns;
	int k;

	for (k = 0; k < IOA_NKINDS; k++) {
		struct dist *d = &rs->d[k * NABS];
		struct dist *e = &rs->d[IOA_NKINDS * NABS + (k - 1) * NREL];
		double dm = ((double)r[k].makespan_ns - mb) / mb * 100;
		double dw = (r[k].wait_mean_s - r[0].wait_mean_s) * 1e3;

		dist_add(&d[0], peak_of(&r[k]));
		dist_add(&d[1], r[k].overload_any_s * 1e3);
		dist_add(&d[2], (double)r[k].makespan_ns / 1e6);
		dist_add(&d[3], r[k].wait_mean_s * 1e3);
		dist_add(&d[4], r[k].deadline_misses);
		if (!k)
			continue;
		dist_add(&e[0], pb > 0 ? (pb - peak_of(&r[k])) / pb * 100 : 0);
		if (ob > 0)
			dist_add(&e[1], (ob - r[k].overload_any_s) / ob * 100);
		dist_add(&e[2], dm);
		dist_add(&e[3], dw);
		rs->worse_ms[k] += dm > 1e-9;
		rs->worse_wait[k] += dw > 1e-9;
	}
	rs->n++;
}

static void random_params(struct ioa_rng *g, struct ioa_synth_params *p)
{
	ioa_synth_defaults(p);
	p->vms = 2 + (int)ioa_rng_below(g, 3);
	p->vcpus = 1 + (int)ioa_rng_below(g, 2);
	p->tasks = 16 + (int)ioa_rng_below(g, 25);
	p->pcpus = 2 + (int)ioa_rng_below(g, 3);
	p->util_b = 300 + (int)ioa_rng_below(g, 601);
	p->load_b = 30 + (int)ioa_rng_below(g, 61);
	p->period_ns = 5000000;
	p->arrival = (int)ioa_rng_below(g, 2);
	p->seed = ioa_rng_next(g);
}

static void synth_to_recs(const struct ioa_synth_task *x, int n, struct ioa_task_rec *t)
{
	int i;

	for (i = 0; i < n; i++) {
		memset(&t[i], 0, sizeof(t[i]));
		t[i].task_id = i;
		t[i].vm_id = x[i].vm + 1;
		t[i].vcpu = x[i].vcpu;
		t[i].chain = x[i].chain;
		t[i].release_ns = x[i].release_ns;
		t[i].dur_ns = x[i].dur_ns;
		ioa_strlcpy(t[i].category, ioa_cat_name(x[i].cat), sizeof(t[i].category));
		t[i].util_pct = x[i].util_tenths / 10.0;
		t[i].deadline_ns = x[i].deadline_ns;
		t[i].pinned_pcpu = -1;
	}
}

static int one_random(struct sweep *s, struct rsweep *rs, const struct ioa_synth_params *p)
{
	struct ioa_sim_result r[IOA_NKINDS];
	struct ioa_built b[IOA_NKINDS];
	struct ioa_synth_task *x;
	struct ioa_task_rec *t;
	struct ioa_sim_task *st = NULL;
	int n, k, done = 0, built = 0, ret = ioa_synth_generate(p, &x, &n, &s->err);

	if (ret)
		return ret;
	t = ioa_xcalloc((size_t)n, sizeof(*t));
	synth_to_recs(x, n, t);
	free(x);
	ret = ioa_tasks_to_sim(t, n, &st, &s->err);
	if (!ret)
		ret = ioa_build_schedules(t, n, p->pcpus, IOA_MODE_STRICT, 100, s->time_limit,
					  p->seed, 7, b, &s->err);
	built = !ret;
	for (k = 0; k < IOA_NKINDS && !ret; k++, done++)
		ret = sim_built(st, n, p->pcpus, &b[k], &r[k], &s->err);
	if (!ret) {
		record(rs, r);
		rs->optimal += b[2].status == IOA_ST_OPTIMAL;
		rs->wait_proven += b[2].wait_status == IOA_ST_OPTIMAL;
		rs->at_cstar += b[2].wait_online >= 0;
		rs->wait_above += b[2].wait_online >= 0 && b[2].wait_total > b[2].wait_online;
	}
	for (k = 0; k < done; k++)
		ioa_sim_result_release(&r[k]);
	if (built)
		for (k = 0; k < IOA_NKINDS; k++)
			ioa_built_release(&b[k]);
	free(t);
	free(st);
	return ret;
}

static int dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* linear interpolation between order statistics */
static double quantile(const double *v, int n, double q)
{
	double pos = q * (n - 1);
	int i = (int)pos;

	return i + 1 < n ? v[i] + (pos - i) * (v[i + 1] - v[i]) : v[n - 1];
}

static void stat_of(struct dist *d, const char *policy, const char *figure, struct ioa_stat_rec *r)
{
	double sum = 0;
	int i;

	memset(r, 0, sizeof(*r));
	r->policy = policy;
	r->figure = figure;
	r->n = d->n;
	r->p10 = r->median = r->p90 = r->mean = NAN;
	if (!d->n)
		return;
	qsort(d->v, (size_t)d->n, sizeof(double), dcmp);
	for (i = 0; i < d->n; i++)
		sum += d->v[i];
	r->p10 = quantile(d->v, d->n, 0.1);
	r->median = quantile(d->v, d->n, 0.5);
	r->p90 = quantile(d->v, d->n, 0.9);
	r->mean = sum / d->n;
}

static const char *const worse_fig[2] = { "makespan_worse_share_pct", "wait_worse_share_pct" };

static int make_stats(struct rsweep *rs, struct ioa_stat_rec *st)
{
	int k, f, n = 0;

	for (k = 0; k < IOA_NKINDS; k++)
		for (f = 0; f < NABS; f++)
			stat_of(&rs->d[k * NABS + f], ioa_policy_name(k), abs_fig[f], &st[n++]);
	for (k = 1; k < IOA_NKINDS; k++) {
		for (f = 0; f < NREL; f++)
			stat_of(&rs->d[IOA_NKINDS * NABS + (k - 1) * NREL + f], ioa_policy_name(k),
				rel_fig[f], &st[n++]);
		for (f = 0; f < 2; f++) {
			int c = f ? rs->worse_wait[k] : rs->worse_ms[k];

			st[n] = (struct ioa_stat_rec){
				ioa_policy_name(k),	      worse_fig[f], rs->n, NAN, NAN, NAN,
				rs->n ? 100.0 * c / rs->n : 0
			};
			n++;
		}
	}
	return n;
}

static void print_stats(const struct sweep *s, const struct ioa_stat_rec *st, int n,
			const struct rsweep *rs, const char *run)
{
	int i;

	if (s->json) {
		printf("{\"run\": \"%s\", \"scenarios\": %d, \"optimal\": %d, \"wait_proven\": %d, "
		       "\"online_at_cstar\": %d, \"wait_above_online\": %d, \"stats\": [",
		       run, rs->n, rs->optimal, rs->wait_proven, rs->at_cstar, rs->wait_above);
		for (i = 0; i < n; i++)
			printf("%s{\"policy\": \"%s\", \"figure\": \"%s\", \"n\": %d, \"p10\": "
			       "%.4f, "
			       "\"median\": %.4f, \"p90\": %.4f, \"mean\": %.4f}",
			       i ? ", " : "", st[i].policy, st[i].figure, st[i].n,
			       isnan(st[i].p10) ? 0 : st[i].p10,
			       isnan(st[i].median) ? 0 : st[i].median,
			       isnan(st[i].p90) ? 0 : st[i].p90,
			       isnan(st[i].mean) ? 0 : st[i].mean);
		printf("]}\n");
		return;
	}
	if (!s->csv)
		printf("%s: %d scenarios, optimized proven optimal in %d\n"
		       "wait stage: total wait proven minimal at C* in %d; online reaches C* in %d,"
		       " optimized waits more than online there in %d (planned)\n"
		       "%-10s %-26s %6s %10s %10s %10s %10s\n",
		       run, rs->n, rs->optimal, rs->wait_proven, rs->at_cstar, rs->wait_above,
		       "policy", "figure", "n", "p10", "median", "p90", "mean");
	else
		printf("policy,figure,n,p10,median,p90,mean\n");
	for (i = 0; i < n; i++)
		printf(s->csv ? "%s,%s,%d,%.4f,%.4f,%.4f,%.4f\n"
			      : "%-10s %-26s %6d %10.3f %10.3f %10.3f %10.3f\n",
		       st[i].policy, st[i].figure, st[i].n, st[i].p10, st[i].median, st[i].p90,
		       st[i].mean);
}

static int sweep_random(struct sweep *s)
{
	struct ioa_stat_rec st[NDIST + 2 * (IOA_NKINDS - 1)];
	struct rsweep rs;
	struct ioa_synth_params p;
	struct ioa_rng g;
	char run[160];
	int i, n, ret = 0;

	memset(&rs, 0, sizeof(rs));
	ioa_rng_seed(&g, s->seed);
	for (i = 0; i < s->random && !ret; i++) {
		random_params(&g, &p);
		ret = one_random(s, &rs, &p);
		if (s->cli.log.progress && !(i % 10))
			fprintf(stderr, "\rscenario %d/%d", i + 1, s->random);
	}
	if (s->cli.log.progress)
		fputc('\n', stderr);
	snprintf(run, sizeof(run), "random n=%d seed=%llu strict share time_limit=%g", s->random,
		 (unsigned long long)s->seed, s->time_limit);
	n = ret ? 0 : make_stats(&rs, st);
	if (!ret)
		print_stats(s, st, n, &rs, run);
	if (!ret)
		ret = ioa_db_sweep_stats_store(s->db, run, st, n, &s->err);
	for (i = 0; i < NDIST; i++)
		free(rs.d[i].v);
	return ret;
}

int ioa_cmd_sweep(int argc, char **argv)
{
	struct sweep s;
	int ret;

	memset(&s, 0, sizeof(s));
	ioa_cli_init(&s.cli, "ioaware sweep");
	s.p_lo = 1;
	s.p_hi = 8;
	s.modes[0] = IOA_MODE_STRICT;
	s.modes[1] = IOA_MODE_OVERLAP;
	s.nmodes = 2;
	s.caps[0] = 100;
	s.ncaps = 1;
	s.seed = 1;
	ret = parse(&s, argc, argv);
	if (ret >= 0)
		return ret;
	ret = ioa_db_open(&s.db, s.cli.db, IOA_DB_WRITE, NULL, &s.err);
	if (!ret)
		ret = s.random ? sweep_random(&s) : sweep_scenario(&s);
	ioa_db_close(s.db);
	free(s.rows);
	if (ret)
		return ioa_cli_fail(&s.cli, &s.err, ret);
	return IOA_EXIT_OK;
}
