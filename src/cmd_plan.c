// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * ioaware plan: the capacity plan of a scenario (optimizer/plan.h) — for each policy the fewest
 * pCPUs that keep every component within capacity and every VM's p99 wait within budget —
 * printed as a table, CSV or JSON and stored (plan, plan_policy, plan_point) for the report.
 * ioa_stage_plan() is the entry point (`run` calls it too); ioa_cmd_plan() parses into it.
 */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "cmd_simulate.h"
#include "db_plan.h"
#include "plan.h"
#include "stage.h"

static const char plan_help[] =
	"Usage: ioaware plan [--scenario ID | --trace ID[,ID...]] [--budget-ms W]\n"
	"                    [--budget VM=W ...] [--pcpus A-B] [--policies LIST]\n"
	"                    [--mode strict|overlap|edf] [--time-limit S] [--json | --csv]\n\n"
	"How many cores does this workload need? For each policy — shortest run queue\n"
	"(baseline), the paper's I/O-aware online policy (online) and the optimizer's schedule\n"
	"(optimized) — finds the smallest P in the range such that the policy's schedule on P\n"
	"pCPUs, simulated with processor sharing, has no component above 100 % (overload time\n"
	"0), every VM's p99 wait (start - release) within its budget, and no deadline miss\n"
	"where deadlines exist. Every P of the range is simulated (a policy need not improve\n"
	"with more cores), so the answer P holds and P - 1 fails, or P is the range start.\n"
	"What fails at P - 1 binds the answer; when no P holds, what fails at the range end\n"
	"binds, with the reason. The plan is stored for the report.\n\n"
	"Options:\n"
	"  --scenario ID     scenario to plan (default: the newest; none yet: the newest\n"
	"                    trace)\n"
	"  --trace ID,...    plan these traces' classified vCPU segments as one new\n"
	"                    scenario (every VM of every host trace on one host)\n" IOA_SCENARIO_HELP
	"  --budget-ms W     p99 wait budget of every VM, ms (default 1)\n"
	"  --budget VM=W     budget of one VM (its id or name), ms; repeatable; a VM's\n"
	"                    budget holds for its --repeat copies, ID#k or NAME#k sets\n"
	"                    copy k's own\n"
	"  --pcpus A-B       range of P (default 1 to the number of vCPUs, at most 16: with\n"
	"                    one pCPU per vCPU more cannot help), or one number\n"
	"  --policies LIST   baseline,online,optimized (default all three)\n"
	"  --mode M          strict, overlap or edf (default: the scenario's)\n"
	"  --time-limit S    optimizer seconds per P (default 2); an optimum not proven\n"
	"                    within it is said so\n"
	"  --seed S          seed of the optimizer's randomised passes (default 1)\n"
	"  --grow K          with --trace: plan the traces with --repeat 1, 2, ... K (each a\n"
	"                    scenario of its own) and print the cores each policy needs as\n"
	"                    the host gets more VMs, until no P of the range holds for any\n"
	"                    policy (the host is full whatever its cores)\n"
	"  --json            {\"scenario\", \"budget_ms\", \"sentence\", \"policies\": {\"baseline\":\n"
	"                    {\"cores\", \"binding\", \"reason\", \"proven\", \"p99_wait_ms\",\n"
	"                    \"max_wait_ms\", \"overload_ms\", \"peak_pct\": {...}}, ...},\n"
	"                    \"points\": [{\"pcpus\", \"policy\", \"holds\", \"p99_wait_ms\",\n"
	"                    \"overload_ms\", \"peak_pct\", ...}]}\n"
	"  --csv             the points as CSV\n" IOA_COMMON_HELP "\nExamples:\n"
	"  ioaware synth --preset paper && ioaware plan\n"
	"  ioaware plan --trace 1 --budget-ms 2 --budget 3=5 --pcpus 1-8 --json\n"
	"  ioaware plan --trace 1,2,3 --grow 8 --mode overlap --time-limit 0.5\n\n"
	"Exit codes: 0 ok (also when no P of the range holds), 1 bad input or data error,\n"
	"            2 usage error, 3 internal error.\n";

enum {
	OPT_SCENARIO = IOA_OPT__FIRST_CMD,
	OPT_TRACE,
	OPT_BUDGET_MS,
	OPT_BUDGET,
	OPT_PCPUS,
	OPT_POLICIES,
	OPT_MODE,
	OPT_TLIMIT,
	OPT_SEED,
	OPT_GROW,
	OPT_JSON,
	OPT_CSV,
};

static const struct option plan_longopts[] = {
	IOA_COMMON_LONGOPTS,
	{ "scenario", required_argument, NULL, OPT_SCENARIO },
	{ "trace", required_argument, NULL, OPT_TRACE },
	{ "budget-ms", required_argument, NULL, OPT_BUDGET_MS },
	{ "budget", required_argument, NULL, OPT_BUDGET },
	{ "pcpus", required_argument, NULL, OPT_PCPUS },
	{ "policies", required_argument, NULL, OPT_POLICIES },
	{ "mode", required_argument, NULL, OPT_MODE },
	{ "time-limit", required_argument, NULL, OPT_TLIMIT },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "grow", required_argument, NULL, OPT_GROW },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "csv", no_argument, NULL, OPT_CSV },
	IOA_SCENARIO_LONGOPTS,
	{ NULL, 0, NULL, 0 },
};

#define MAX_BUDGETS 64

/* the command line, parsed into the stage's options */
struct plan_args {
	struct ioa_cli cli;
	struct ioa_plan_stage_opts o;
	struct ioa_vm_budget vb[MAX_BUDGETS];
	int64_t ids[IOA_MAX_TRACES];
};

/* one K of --grow: what its plan answered */
struct grow_row {
	int k, n, nvms, nvcpus;
	int64_t scenario_id;
	struct ioa_plan_answer ans[IOA_NPOL];
	double peak;   /* the highest component peak of any point */
	int peak_comp; /* its component, -1 none */
};

/* the stage at work */
struct plan_cmd {
	const struct ioa_plan_stage_opts *a;
	FILE *out;
	struct ioa_log log;
	struct ioa_db *db;
	struct ioa_err err;
	int *used; /* [a->nbudgets] the override matched a VM */
	double budget_ms;
	struct ioa_plan_opts o;
	int mode;
	struct ioa_scenario_rec sc;
	struct ioa_task_rec *t;
	int n;
	struct ioa_sim_task *st;
	struct ioa_vm_groups vg;
	double *budget_s;
	struct ioa_plan plan;
	char sentence[512];
	struct grow_row *row; /* --grow: what this K's plan answered */
};

static volatile sig_atomic_t stop_flag;

static void on_sigint(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static int parse_budget(struct plan_args *pa, char *arg)
{
	struct ioa_plan_stage_opts *o = &pa->o;
	char *eq = strchr(arg, '='), *end;

	if (!eq || eq == arg || o->nbudgets == MAX_BUDGETS)
		return 0;
	*eq = 0;
	pa->vb[o->nbudgets].vm = arg;
	pa->vb[o->nbudgets].ms = strtod(eq + 1, &end);
	return *end == 0 && end != eq + 1 && pa->vb[o->nbudgets++].ms > 0;
}

static int parse_opt(struct plan_args *pa, int opt, char *arg)
{
	struct ioa_plan_stage_opts *o = &pa->o;
	char *end = NULL;
	int ok = 1;

	if (opt == OPT_SCENARIO)
		ok = (o->scenario_id = strtoll(arg, &end, 10)) > 0;
	else if (opt == OPT_TRACE)
		ok = (o->traces.ntraces = ioa_parse_ids(arg, pa->ids, IOA_MAX_TRACES)) > 0;
	else if (opt == OPT_BUDGET_MS)
		ok = (o->budget_ms = strtod(arg, &end)) > 0;
	else if (opt == OPT_BUDGET)
		ok = parse_budget(pa, arg);
	else if (opt == OPT_PCPUS)
		ok = (sscanf(arg, "%d-%d", &o->p_lo, &o->p_hi) == 2 ||
		      (o->p_hi = o->p_lo = atoi(arg)) > 0) &&
		     o->p_lo >= 1 && o->p_hi >= o->p_lo && o->p_hi <= 256;
	else if (opt == OPT_POLICIES)
		ok = (o->policies = ioa_policy_mask(arg)) > 0;
	else if (opt == OPT_MODE)
		ok = (o->mode = ioa_mode_parse(arg)) >= 0;
	else if (opt == OPT_TLIMIT)
		ok = (o->time_limit = strtod(arg, &end)) > 0;
	else if (opt == OPT_SEED)
		o->seed = strtoull(arg, &end, 10);
	else if (opt == OPT_GROW)
		ok = (o->grow = (int)strtol(arg, &end, 10)) >= 1 && o->grow <= 64;
	if (end && (*end || end == arg))
		ok = 0;
	o->c.json |= opt == OPT_JSON;
	o->csv |= opt == OPT_CSV;
	return ok;
}

static int parse(struct plan_args *pa, int argc, char **argv)
{
	int opt, stop;

	while ((opt = getopt_long(argc, argv, IOA_COMMON_SHORTOPTS, plan_longopts, NULL)) != -1) {
		if (ioa_cli_common(&pa->cli, opt, plan_help, &stop) ||
		    ioa_cli_scenario_opt(&pa->cli, &pa->o.traces.consol, opt, &stop)) {
			if (stop > 0 || (stop == 0 && opt == 'h'))
				return stop;
			continue;
		}
		if (!parse_opt(pa, opt, optarg))
			return ioa_cli_usage(&pa->cli, "bad value '%s'", optarg);
	}
	if (optind < argc)
		return ioa_cli_usage(&pa->cli, "unexpected argument '%s'", argv[optind]);
	if (pa->o.scenario_id && pa->o.traces.ntraces)
		return ioa_cli_usage(&pa->cli, "--scenario and --trace exclude each other");
	if (pa->o.c.json && pa->o.csv)
		return ioa_cli_usage(&pa->cli, "--json and --csv exclude each other");
	if (pa->o.grow && (!pa->o.traces.ntraces || pa->o.traces.consol.repeat > 1 || pa->o.csv))
		return ioa_cli_usage(&pa->cli,
				     "--grow needs --trace, and excludes --repeat and --csv");
	return -1;
}

/* a new scenario of the given traces (consolidated as --align / --repeat say) */
static int from_traces(struct plan_cmd *c)
{
	struct ioa_scenario_opts so = c->a->traces;
	struct ioa_scenario_built b;
	int ret;

	so.log = &c->log;
	ret = ioa_scenario_build(c->db, &so, &b, &c->err);
	if (!ret) {
		c->sc = b.sc;
		c->sc.pcpus = b.cons.host_cpus;
		ioa_strlcpy(c->sc.mode,
			    ioa_mode_name(c->a->mode >= 0 ? c->a->mode : IOA_MODE_STRICT),
			    sizeof(c->sc.mode));
		c->sc.cap_pct = 100;
		ioa_strlcpy(c->sc.objective, "makespan", sizeof(c->sc.objective));
		ret = ioa_db_scenario_create(c->db, &c->sc, b.cons.t, b.cons.n, &c->err);
		c->sc.parts = NULL;
		c->sc.nparts = 0;
	}
	if (!ret) {
		c->t = b.cons.t; /* ownership moves here */
		c->n = b.cons.n;
		b.cons.t = NULL;
	}
	ioa_scenario_built_release(&b);
	return ret;
}

/* no --scenario and no --trace: the newest scenario, or the newest trace when none exists */
static int from_traces_only(struct plan_cmd *c, int *yes)
{
	struct ioa_db_newest nw;
	int ret;

	*yes = c->a->traces.ntraces > 0;
	if (*yes || c->a->scenario_id)
		return 0;
	ret = ioa_db_newest(c->db, &nw, &c->err);
	if (!ret)
		ret = ioa_db_scenario_get(c->db, 0, &c->sc, &c->err);
	if (ret == IOA_ENODATA && nw.trace_id) {
		ioa_err_clear(&c->err);
		*yes = 1;
		return 0;
	}
	return ret;
}

static int load(struct plan_cmd *c)
{
	int ret, traces;

	ret = from_traces_only(c, &traces);
	if (!ret && traces)
		ret = from_traces(c);
	else if (!ret)
		ret = ioa_scenario_pick(c->db, c->a->scenario_id, &c->log, &c->sc, &c->err);
	if (!ret && !traces)
		ret = ioa_db_scenario_tasks(c->db, c->sc.scenario_id, &c->t, &c->n, &c->err);
	if (!ret && !c->n)
		ret = ioa_error(&c->err, IOA_ENODATA, "scenario %lld has no task",
				(long long)c->sc.scenario_id);
	if (!ret)
		ret = ioa_tasks_to_sim(c->t, c->n, &c->st, &c->err);
	if (!ret)
		ret = ioa_vm_groups_load(&c->vg, c->db, c->t, c->n, &c->err);
	return ret;
}

/*
 * how an override names group @g: 2 this very VM (its key "ID" / "ID#k" or its name), 1 the VM
 * it is a --repeat copy of (a VM's budget holds for its copies), 0 another VM
 */
static int budget_match(const struct ioa_vm_groups *vg, int g, const char *vm)
{
	char key[40], name[80];

	ioa_vm_key(key, sizeof(key), vg, g);
	ioa_vm_copy_name(name, sizeof(name), vg->base[g], vg->copy[g]);
	if (!strcmp(vm, key) || !strcmp(vm, name) || !strcmp(vm, vg->name[g]))
		return 2;
	snprintf(key, sizeof(key), "%lld", (long long)vg->id[g]);
	return vg->copy[g] && (!strcmp(vm, key) || !strcmp(vm, vg->base[g]));
}

/* every VM gets the default budget, then the overrides by id or name, the closest match last */
static int budgets(struct plan_cmd *c)
{
	const struct ioa_vm_budget *vb = c->a->budgets;
	int g, b, level, how;

	c->budget_s = ioa_xcalloc((size_t)IOA_MAX(c->vg.n, 1), sizeof(double));
	c->used = ioa_xcalloc((size_t)c->a->nbudgets + 1, sizeof(int));
	for (g = 0; g < c->vg.n; g++) {
		c->budget_s[g] = c->budget_ms / 1e3;
		for (level = 1; level <= 2; level++)
			for (b = 0; b < c->a->nbudgets; b++) {
				how = budget_match(&c->vg, g, vb[b].vm);
				if (how == level)
					c->budget_s[g] = vb[b].ms / 1e3;
				c->used[b] |= how > 0;
			}
	}
	for (b = 0; b < c->a->nbudgets; b++)
		if (!c->used[b])
			return ioa_error(&c->err, IOA_EINPUT,
					 "--budget %s: scenario %lld has no such VM (ids or names)",
					 vb[b].vm, (long long)c->sc.scenario_id);
	return 0;
}

static int nchains(const struct plan_cmd *c)
{
	int i, n = 0;

	for (i = 0; i < c->n; i++)
		n = IOA_MAX(n, c->t[i].chain + 1);
	return n;
}

static int run_plan(struct plan_cmd *c)
{
	struct ioa_plan_input in = {
		.t = c->st,
		.n = c->n,
		.vm = c->vg.of_task,
		.nvms = c->vg.n,
		.budget_s = c->budget_s,
		.mode = c->a->mode >= 0 ? c->a->mode : ioa_mode_parse(c->sc.mode),
		.cap = (int)lround(c->sc.cap_pct > 0 ? c->sc.cap_pct : 100),
	};
	const char **names = ioa_xcalloc((size_t)IOA_MAX(c->vg.n, 1), sizeof(*names));
	int g, ret;

	for (g = 0; g < c->vg.n; g++)
		names[g] = c->vg.name[g];
	in.vm_name = names;
	if (in.mode < 0)
		in.mode = IOA_MODE_STRICT;
	c->mode = in.mode;
	c->o = (struct ioa_plan_opts){ c->a->p_lo, c->a->p_hi, c->a->policies, c->a->time_limit,
				       c->a->seed, &c->log,    c->a->stop };
	if (!c->o.p_hi) {
		c->o.p_lo = 1;
		c->o.p_hi = IOA_MAX(1, IOA_MIN(nchains(c), 16));
	}
	if (!c->o.policies)
		c->o.policies = (1 << IOA_NPOL) - 1;
	if (c->o.time_limit <= 0)
		c->o.time_limit = 2;
	ret = ioa_plan_run(&c->plan, &in, &c->o, &c->err);
	free(names);
	if (!ret)
		ioa_plan_sentence(c->sentence, sizeof(c->sentence), &c->plan, c->budget_ms,
				  c->a->nbudgets);
	return ret;
}

/* --- output --- */

static void peaks_json(char *buf, size_t size, const double *peak)
{
	size_t len = (size_t)snprintf(buf, size, "{");
	int k;

	for (k = 0; k < IOA_SIM_NCOMP && len < size; k++)
		len += (size_t)snprintf(buf + len, size - len, "%s\"%s\": %.3f", k ? ", " : "",
					ioa_cat_name(k), peak[k]);
	if (len < size)
		snprintf(buf + len, size - len, "}");
}

static void fails_text(char *buf, size_t size, int fails)
{
	snprintf(buf, size, "%s%s%s%s%s", fails & IOA_PLAN_OVERLOAD ? "overload" : "",
		 (fails & IOA_PLAN_OVERLOAD) && (fails & ~IOA_PLAN_OVERLOAD) ? "," : "",
		 fails & IOA_PLAN_DEADLINE ? "deadline" : "",
		 (fails & IOA_PLAN_DEADLINE) && (fails & IOA_PLAN_WAIT) ? "," : "",
		 fails & IOA_PLAN_WAIT ? "wait" : "");
}

/* a JSON number, null when not measured */
static void jnum(FILE *out, const char *key, double v, const char *sep)
{
	if (isnan(v))
		fprintf(out, "\"%s\": null%s", key, sep);
	else
		fprintf(out, "\"%s\": %.6f%s", key, v, sep);
}

static void json_point(FILE *out, const struct ioa_plan_point *pt, int first)
{
	char peaks[256], fails[40];

	peaks_json(peaks, sizeof(peaks), pt->peak_pct);
	fails_text(fails, sizeof(fails), pt->fails);
	fprintf(out, "%s{\"pcpus\": %d, \"policy\": \"%s\", \"holds\": %s, \"fails\": \"%s\", ",
		first ? "" : ", ", pt->pcpus, ioa_policy_name(pt->policy),
		pt->fails ? "false" : "true", fails);
	jnum(out, "p99_wait_ms", pt->p99_wait_s * 1e3, ", ");
	jnum(out, "max_wait_ms", pt->max_wait_s * 1e3, ", ");
	jnum(out, "overload_ms", pt->overload_s * 1e3, ", ");
	jnum(out, "makespan_ms", pt->makespan_s * 1e3, ", ");
	fprintf(out,
		"\"deadline_misses\": %d, \"status\": \"%s\", \"solve_seconds\": %.3f, "
		"\"peak_pct\": %s}",
		pt->misses, ioa_status_name(pt->status), pt->seconds, peaks);
}

static void json_policy(const struct plan_cmd *c, int k, int first)
{
	FILE *out = c->out;
	const struct ioa_plan_answer *a = &c->plan.ans[k];
	const struct ioa_plan_point *pt = &c->plan.pt[a->at];
	char peaks[256];

	peaks_json(peaks, sizeof(peaks), pt->peak_pct);
	fprintf(out, "%s\"%s\": {\"cores\": ", first ? "" : ", ", ioa_policy_name(k));
	if (a->cores)
		fprintf(out, "%d", a->cores);
	else
		fprintf(out, "null");
	fprintf(out, ", \"binding\": \"%s\", \"reason\": ", ioa_plan_binding_name(a->binding));
	ioa_json_str(out, a->reason);
	fprintf(out, ", \"proven\": %s, \"at_pcpus\": %d, ", a->proven ? "true" : "false",
		pt->pcpus);
	jnum(out, "p99_wait_ms", pt->p99_wait_s * 1e3, ", ");
	jnum(out, "max_wait_ms", pt->max_wait_s * 1e3, ", ");
	jnum(out, "overload_ms", pt->overload_s * 1e3, ", ");
	fprintf(out, "\"peak_pct\": %s}", peaks);
}

static void print_json(const struct plan_cmd *c)
{
	FILE *out = c->out;
	int k, first = 1, i;

	fprintf(out,
		"{\"scenario\": %lld, \"budget_ms\": %g, \"mode\": \"%s\", \"pcpus\": [%d, %d], "
		"\"sentence\": ",
		(long long)c->sc.scenario_id, c->budget_ms, ioa_mode_name(c->mode), c->plan.p_lo,
		c->plan.p_hi);
	ioa_json_str(out, c->sentence);
	fprintf(out, ", \"seconds\": %.3f, \"policies\": {", c->plan.seconds);
	for (k = 0; k < IOA_NPOL; k++)
		if (c->plan.policies & (1 << k)) {
			json_policy(c, k, first);
			first = 0;
		}
	fprintf(out, "}, \"points\": [");
	for (i = 0; i < c->plan.npt; i++)
		json_point(out, &c->plan.pt[i], !i);
	fprintf(out, "]}\n");
}

static void print_csv(const struct plan_cmd *c)
{
	FILE *out = c->out;
	int i, k;

	fprintf(out, "pcpus,policy,holds,fails,p99_wait_ms,max_wait_ms,overload_ms,makespan_ms,"
		     "deadline_misses,status");
	for (k = 0; k < IOA_SIM_NCOMP; k++)
		fprintf(out, ",%s_peak_pct", ioa_cat_name(k));
	fputc('\n', out);
	for (i = 0; i < c->plan.npt; i++) {
		const struct ioa_plan_point *pt = &c->plan.pt[i];
		char fails[40];

		fails_text(fails, sizeof(fails), pt->fails);
		fprintf(out, "%d,%s,%d,%s,%.6f,%.6f,%.6f,%.6f,%d,%s", pt->pcpus,
			ioa_policy_name(pt->policy), !pt->fails, fails, pt->p99_wait_s * 1e3,
			pt->max_wait_s * 1e3, pt->overload_s * 1e3, pt->makespan_s * 1e3,
			pt->misses, ioa_status_name(pt->status));
		for (k = 0; k < IOA_SIM_NCOMP; k++)
			fprintf(out, ",%.3f", pt->peak_pct[k]);
		fputc('\n', out);
	}
}

static void print_text(const struct plan_cmd *c)
{
	FILE *out = c->out;
	int k, i;

	fprintf(out,
		"plan of scenario %lld \"%s\" (%d tasks, %d VMs, %s mode), P = %d-%d, "
		"%.2f s\n%s\n\n%-10s %6s %-9s %12s %12s %12s  %s\n",
		(long long)c->sc.scenario_id, c->sc.name, c->n, c->vg.n, ioa_mode_name(c->mode),
		c->plan.p_lo, c->plan.p_hi, c->plan.seconds, c->sentence, "policy", "cores",
		"binding", "p99_wait_ms", "max_wait_ms", "overload_ms", "why");
	for (k = 0; k < IOA_NPOL; k++) {
		const struct ioa_plan_answer *a = &c->plan.ans[k];
		const struct ioa_plan_point *pt = &c->plan.pt[a->at];
		char cores[16];

		if (!(c->plan.policies & (1 << k)))
			continue;
		snprintf(cores, sizeof(cores), a->cores ? "%d" : ">%d",
			 a->cores ? a->cores : c->plan.p_hi);
		fprintf(out, "%-10s %6s %-9s %12.3f %12.3f %12.3f  %s\n", ioa_policy_name(k), cores,
			ioa_plan_binding_name(a->binding), pt->p99_wait_s * 1e3,
			pt->max_wait_s * 1e3, pt->overload_s * 1e3, a->reason);
	}
	fprintf(out, "\n%5s %-10s %-5s %12s %12s %12s %12s %s\n", "P", "policy", "holds",
		"p99_wait_ms", "overload_ms", "makespan_ms", "peak_pct", "status");
	for (i = 0; i < c->plan.npt; i++) {
		const struct ioa_plan_point *pt = &c->plan.pt[i];
		double peak = 0;

		for (k = 0; k < IOA_SIM_NCOMP; k++)
			peak = IOA_MAX(peak, pt->peak_pct[k]);
		fprintf(out, "%5d %-10s %-5s %12.3f %12.3f %12.3f %12.1f %s\n", pt->pcpus,
			ioa_policy_name(pt->policy), pt->fails ? "no" : "yes", pt->p99_wait_s * 1e3,
			pt->overload_s * 1e3, pt->makespan_s * 1e3, peak,
			ioa_status_name(pt->status));
	}
}

/* --- storing --- */

static void budgets_json(const struct plan_cmd *c, char *buf, size_t size)
{
	size_t len = (size_t)snprintf(buf, size, "{");
	int g, first = 1;

	for (g = 0; g < c->vg.n && len < size; g++) {
		char key[40];

		if (c->budget_s[g] == c->budget_ms / 1e3)
			continue;
		ioa_vm_key(key, sizeof(key), &c->vg, g);
		len += (size_t)snprintf(buf + len, size - len, "%s\"%s\": %g", first ? "" : ", ",
					key, c->budget_s[g] * 1e3);
		first = 0;
	}
	if (len < size)
		snprintf(buf + len, size - len, "}");
}

static void point_rec(const struct ioa_plan_point *pt, struct ioa_plan_point_rec *r)
{
	memset(r, 0, sizeof(*r));
	r->pcpus = pt->pcpus;
	ioa_strlcpy(r->policy, ioa_policy_name(pt->policy), sizeof(r->policy));
	r->holds = !pt->fails;
	fails_text(r->fails, sizeof(r->fails), pt->fails);
	r->p99_wait_ms = pt->p99_wait_s * 1e3; /* NaN (NULL): no schedule */
	r->max_wait_ms = pt->max_wait_s * 1e3;
	r->overload_ms = pt->overload_s * 1e3;
	r->makespan_ms = pt->makespan_s * 1e3;
	r->deadline_misses = pt->misses;
	peaks_json(r->peaks, sizeof(r->peaks), pt->peak_pct);
	ioa_strlcpy(r->status, ioa_status_name(pt->status), sizeof(r->status));
	r->solve_seconds = pt->seconds;
}

static void policy_rec(const struct plan_cmd *c, int k, struct ioa_plan_policy_rec *r)
{
	const struct ioa_plan_answer *a = &c->plan.ans[k];
	struct ioa_plan_point_rec p;

	point_rec(&c->plan.pt[a->at], &p);
	memset(r, 0, sizeof(*r));
	ioa_strlcpy(r->policy, ioa_policy_name(k), sizeof(r->policy));
	r->cores = a->cores;
	ioa_strlcpy(r->binding, ioa_plan_binding_name(a->binding), sizeof(r->binding));
	ioa_strlcpy(r->reason, a->reason, sizeof(r->reason));
	r->proven = a->proven;
	r->p99_wait_ms = p.p99_wait_ms;
	r->max_wait_ms = p.max_wait_ms;
	r->overload_ms = p.overload_ms;
	ioa_strlcpy(r->peaks, p.peaks, sizeof(r->peaks));
}

static int store(struct plan_cmd *c)
{
	struct ioa_plan_rec p = { .scenario_id = c->sc.scenario_id };
	struct ioa_plan_policy_rec pol[IOA_NPOL];
	struct ioa_plan_point_rec *pt = ioa_xcalloc((size_t)c->plan.npt + 1, sizeof(*pt));
	int k, i, npol = 0, ret;

	p.budget_ms = c->budget_ms;
	budgets_json(c, p.budgets, sizeof(p.budgets));
	ioa_strlcpy(p.mode, ioa_mode_name(c->mode), sizeof(p.mode));
	p.cap_pct = c->sc.cap_pct > 0 ? c->sc.cap_pct : 100;
	p.pcpus_lo = c->plan.p_lo;
	p.pcpus_hi = c->plan.p_hi;
	p.time_limit_s = c->o.time_limit;
	ioa_strlcpy(p.sentence, c->sentence, sizeof(p.sentence));
	p.seconds = c->plan.seconds;
	for (k = 0; k < IOA_NPOL; k++)
		if (c->plan.policies & (1 << k))
			policy_rec(c, k, &pol[npol++]);
	for (i = 0; i < c->plan.npt; i++)
		point_rec(&c->plan.pt[i], &pt[i]);
	ret = ioa_db_plan_store(c->db, &p, pol, npol, pt, c->plan.npt, &c->err);
	free(pt);
	return ret;
}

static void fill_row(const struct plan_cmd *c, struct grow_row *r);

static int plan_main(struct plan_cmd *c)
{
	int ret = ioa_db_open(&c->db, c->a->c.db, IOA_DB_UPDATE, NULL, &c->err);

	if (!ret)
		ret = load(c);
	if (!ret)
		ret = budgets(c);
	if (!ret)
		ret = run_plan(c);
	if (!ret)
		ret = store(c);
	if (!ret && c->row)
		fill_row(c, c->row);
	if (!ret && c->out && c->a->c.json)
		print_json(c);
	else if (!ret && c->out && c->a->csv)
		print_csv(c);
	else if (!ret && c->out)
		print_text(c);
	ioa_plan_release(&c->plan);
	ioa_vm_groups_release(&c->vg);
	free(c->budget_s);
	free(c->used);
	free(c->t);
	free(c->st);
	ioa_db_close(c->db);
	return ret;
}

/* --- growth: --repeat K = 1.. --- */

static void fill_row(const struct plan_cmd *c, struct grow_row *r)
{
	int i, k;

	r->n = c->n;
	r->nvms = c->vg.n;
	r->nvcpus = nchains(c);
	r->scenario_id = c->sc.scenario_id;
	memcpy(r->ans, c->plan.ans, sizeof(r->ans));
	r->peak = 0;
	r->peak_comp = -1;
	for (i = 0; i < c->plan.npt; i++)
		for (k = 0; k < IOA_SIM_NCOMP; k++)
			if (c->plan.pt[i].peak_pct[k] > r->peak) {
				r->peak = c->plan.pt[i].peak_pct[k];
				r->peak_comp = k;
			}
}

static int row_holds(const struct grow_row *r, int policies)
{
	int k;

	for (k = 0; k < IOA_NPOL; k++)
		if ((policies & (1 << k)) && r->ans[k].cores)
			return 1;
	return 0;
}

static void grow_text(FILE *out, const struct ioa_plan_stage_opts *o, const struct grow_row *r,
		      int n, int p_lo, int p_hi)
{
	int i, k;

	fprintf(out,
		"growth: the traces with --repeat K (seed %llu), P = %d-%d, p99 wait budget "
		"%g ms\n\n%4s %9s %5s %6s",
		(unsigned long long)o->traces.consol.seed, p_lo, p_hi, o->budget_ms, "K", "tasks",
		"VMs", "vCPUs");
	for (k = 0; k < IOA_NPOL; k++)
		if (o->policies & (1 << k))
			fprintf(out, " %-16s", ioa_policy_name(k));
	fprintf(out, " %s\n", "highest peak");
	for (i = 0; i < n; i++) {
		fprintf(out, "%4d %9d %5d %6d", r[i].k, r[i].n, r[i].nvms, r[i].nvcpus);
		for (k = 0; k < IOA_NPOL; k++) {
			char cell[40];

			if (!(o->policies & (1 << k)))
				continue;
			if (r[i].ans[k].cores)
				snprintf(cell, sizeof(cell), "%d (%s)", r[i].ans[k].cores,
					 ioa_plan_binding_name(r[i].ans[k].binding));
			else
				snprintf(cell, sizeof(cell), "none (%s)",
					 ioa_plan_binding_name(r[i].ans[k].binding));
			fprintf(out, " %-16s", cell);
		}
		fprintf(out, " %.1f %% %s\n", r[i].peak,
			r[i].peak_comp >= 0 ? ioa_cat_name(r[i].peak_comp) : "");
	}
	if (n && !row_holds(&r[n - 1], o->policies))
		fprintf(out, "\nfrom K = %d no P of %d-%d holds for any policy: %s\n", r[n - 1].k,
			p_lo, p_hi, r[n - 1].ans[ffs(o->policies) - 1].reason);
}

static void grow_json(FILE *out, const struct ioa_plan_stage_opts *o, const struct grow_row *r,
		      int n, int p_lo, int p_hi)
{
	int i, k, first;

	fprintf(out,
		"{\"budget_ms\": %g, \"pcpus\": [%d, %d], \"repeat_seed\": %llu, "
		"\"growth\": [",
		o->budget_ms, p_lo, p_hi, (unsigned long long)o->traces.consol.seed);
	for (i = 0; i < n; i++) {
		fprintf(out,
			"%s{\"repeat\": %d, \"scenario\": %lld, \"tasks\": %d, \"vms\": %d, "
			"\"vcpus\": %d, \"peak_pct\": %.3f, \"peak_component\": ",
			i ? ", " : "", r[i].k, (long long)r[i].scenario_id, r[i].n, r[i].nvms,
			r[i].nvcpus, r[i].peak);
		ioa_json_str(out, r[i].peak_comp >= 0 ? ioa_cat_name(r[i].peak_comp) : "");
		fputs(", \"policies\": {", out);
		for (k = 0, first = 1; k < IOA_NPOL; k++) {
			const struct ioa_plan_answer *a = &r[i].ans[k];

			if (!(o->policies & (1 << k)))
				continue;
			fprintf(out, "%s\"%s\": {\"cores\": ", first ? "" : ", ",
				ioa_policy_name(k));
			fprintf(out, a->cores ? "%d" : "null", a->cores);
			fprintf(out, ", \"binding\": \"%s\", \"reason\": ",
				ioa_plan_binding_name(a->binding));
			ioa_json_str(out, a->reason);
			fputc('}', out);
			first = 0;
		}
		fputs("}}", out);
	}
	fputs("]}\n", out);
}

/* one plan per K until none holds; the table at the end */
static int grow(const struct ioa_plan_stage_opts *o, struct ioa_err *err)
{
	struct grow_row *rows = ioa_xcalloc((size_t)o->grow, sizeof(*rows));
	struct ioa_plan_stage_opts ko = *o;
	int k, n = 0, ret = 0, p_lo = 0, p_hi = 0;

	ko.c.out = NULL;
	for (k = 1; k <= o->grow && !ret; k++) {
		struct plan_cmd *c = ioa_xcalloc(1, sizeof(*c));

		ko.traces.consol.repeat = k;
		c->a = &ko;
		c->budget_ms = o->budget_ms > 0 ? o->budget_ms : 1;
		c->log = o->c.log ? *o->c.log : (struct ioa_log){ IOA_LOG_WARN, stderr, 0 };
		c->row = &rows[n];
		rows[n].k = k;
		ret = plan_main(c);
		if (ret && err)
			*err = c->err;
		p_lo = c->o.p_lo;
		p_hi = c->o.p_hi;
		free(c);
		if (!ret && !row_holds(&rows[n++], ko.policies ? ko.policies : 7))
			break;
		ioa_log(o->c.log, IOA_LOG_INFO, "plan: K = %d done\n", k);
	}
	if (!ret && o->c.out && o->c.json)
		grow_json(o->c.out, o, rows, n, p_lo, p_hi);
	else if (!ret && o->c.out)
		grow_text(o->c.out, o, rows, n, p_lo, p_hi);
	free(rows);
	return ret;
}

void ioa_plan_stage_init(struct ioa_plan_stage_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->budget_ms = 1;
	o->policies = (1 << IOA_NPOL) - 1;
	o->mode = -1;
	o->time_limit = 2;
	o->seed = 1;
	o->traces.win_b = -1;
	o->traces.consol.repeat = 1;
	o->traces.consol.seed = 1;
}

int ioa_stage_plan(const struct ioa_plan_stage_opts *o, char *sentence, size_t size,
		   struct ioa_err *err)
{
	struct plan_cmd *c;
	int ret;

	if (o->grow > 0 && o->traces.ntraces)
		return grow(o, err);
	c = ioa_xcalloc(1, sizeof(*c));
	c->a = o;
	c->out = o->c.out;
	c->budget_ms = o->budget_ms > 0 ? o->budget_ms : 1;
	c->log = o->c.log ? *o->c.log : (struct ioa_log){ IOA_LOG_WARN, stderr, 0 };
	ret = plan_main(c);
	if (ret && err)
		*err = c->err;
	if (!ret && sentence)
		ioa_strlcpy(sentence, c->sentence, size);
	free(c);
	return ret;
}

int ioa_cmd_plan(int argc, char **argv)
{
	struct plan_args *pa = ioa_xcalloc(1, sizeof(*pa));
	struct ioa_err err = { 0 };
	int ret;

	ioa_cli_init(&pa->cli, "ioaware plan");
	ioa_plan_stage_init(&pa->o);
	ret = parse(pa, argc, argv);
	if (ret < 0) {
		pa->o.c =
			(struct ioa_stage_common){ pa->cli.db, &pa->cli.log, stdout, pa->o.c.json };
		pa->o.budgets = pa->vb;
		pa->o.traces.trace_ids = pa->ids;
		pa->o.stop = &stop_flag;
		signal(SIGINT, on_sigint);
		ret = ioa_stage_plan(&pa->o, NULL, 0, &err);
		signal(SIGINT, SIG_DFL);
		ret = ret ? ioa_cli_fail(&pa->cli, &err, ret) : IOA_EXIT_OK;
	}
	free(pa);
	return ret;
}
