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
#include "stage.h"

static const char optimize_help[] =
	"Usage: ioaware optimize [--db DB] [--trace ID[,ID...]] [--align start|clock]\n"
	"                        [--repeat K] [--window A:B] [--pcpus P]\n"
	"                        [--mode strict|overlap|edf] [--cap N]\n"
	"                        [--objective makespan|lateness] [--time-limit S]\n"
	"                        [--scenario ID] [--json]\n"
	"       ioaware optimize --psplib FILE.sm [--time-limit S] [--json]\n\n"
	"Builds a scheduling instance from the classified vCPU segments in the database (default:\n"
	"the newest trace, whole trace, P = its CPU count) and stores it as a scenario, or uses a\n"
	"stored scenario (--scenario, e.g. from synth; without a selector, the newest synthetic\n"
	"scenario when it was made after the newest trace; stderr says which). Computes every\n"
	"schedule: as-traced (trace scenarios), baseline (shortest run queue), online (the\n"
	"paper's policy), heuristic (serial schedule generation, multi-pass) and optimized\n"
	"(GLPK ILP when small, large-neighbourhood search with exact window re-solves when\n"
	"large), after the lower bounds. Every schedule passes the independent checker before\n"
	"it is stored with its objective, bound, gap, status and solve time. Prints makespan,\n"
	"waits, same-category overlap time, bound, gap, status and time per schedule. Ctrl-C\n"
	"keeps the best schedule found.\n\n"
	"Options:\n"
	"  --trace ID,...      traces to build the instance from (default: the newest): every\n"
	"                      VM of every host trace on one hypothetical host; a guest trace\n"
	"                      counts with its host trace\n" IOA_SCENARIO_HELP
	"  --window A:B        only segments starting in [A, B) seconds from the trace's first\n"
	"                      event (absolute trace-clock seconds are accepted too)\n"
	"  --pcpus P           identical physical CPUs (default: the largest CPU count of the\n"
	"                      traces)\n"
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
	"  --exact E           exact stage on small instances: auto (branch-and-bound, then\n"
	"                      the ILP on the time left; default), bnb or ilp alone; dfs\n"
	"                      or lcg: one of branch-and-bound's two searches alone\n"
	"  --json              one JSON object instead of the table\n" IOA_COMMON_HELP "\n"
	"Examples:\n"
	"  ioaware ingest traces/kvm-tiny.dat && ioaware classify && ioaware optimize\n"
	"  ioaware optimize --window 0.2:0.4 --pcpus 2 --mode overlap --cap 80 --json\n"
	"  ioaware synth --preset paper && ioaware optimize\n"
	"  ioaware optimize --psplib j301_1.sm --json\n\n"
	"Exit codes: 0 ok, 1 bad input or data error, 2 usage error,\n"
	"            3 no feasible schedule (deadlines), 4 environment or internal error.\n";

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
	OPT_EXACT,
};

static const struct option optimize_longopts[] = {
	IOA_COMMON_LONGOPTS,
	{ "psplib", required_argument, NULL, OPT_PSPLIB },
	{ "time-limit", required_argument, NULL, OPT_TIME },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "no-ilp", no_argument, NULL, OPT_NOILP },
	{ "synthetic", required_argument, NULL, OPT_SYNTH },
	{ "lns", no_argument, NULL, OPT_LNS },
	{ "trace", required_argument, NULL, OPT_TRACE },
	{ "window", required_argument, NULL, OPT_WINDOW },
	{ "pcpus", required_argument, NULL, OPT_PCPUS },
	{ "mode", required_argument, NULL, OPT_MODE },
	{ "cap", required_argument, NULL, OPT_CAP },
	{ "objective", required_argument, NULL, OPT_OBJECTIVE },
	{ "scenario", required_argument, NULL, OPT_SCENARIO },
	{ "exact", required_argument, NULL, OPT_EXACT },
	IOA_SCENARIO_LONGOPTS,
	{ NULL, 0, NULL, 0 },
};

struct optargs {
	const char *psplib;
	long synthetic;
	int64_t ids[IOA_MAX_TRACES];
	struct ioa_optimize_stage_opts s;
};

static volatile sig_atomic_t stop_flag;

static void on_sigint(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static int parse_window(struct ioa_scenario_opts *a, const char *arg)
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
	if (opt == OPT_SCENARIO)
		a->s.scenario_id = v;
	else if (opt == OPT_PCPUS && v <= 4096)
		a->s.pcpus = (int)v;
	else if (opt == OPT_CAP && v <= 100000)
		a->s.cap = (int)v;
	else if (opt == OPT_SYNTH && v <= 10000000)
		a->synthetic = v;
	else
		return ioa_cli_usage(cli, "'%s': out of range", optarg);
	return 0;
}

static int parse_more(struct ioa_cli *cli, struct optargs *a, int opt)
{
	int stop;

	switch (opt) {
	case OPT_TRACE:
		a->s.traces.ntraces = ioa_parse_ids(optarg, a->ids, IOA_MAX_TRACES);
		a->s.traces.trace_ids = a->ids;
		if (a->s.traces.ntraces < 1)
			return ioa_cli_usage(cli, "--trace: want ID[,ID...], not '%s'", optarg);
		return 0;
	case OPT_SCENARIO:
	case OPT_PCPUS:
	case OPT_CAP:
	case OPT_SYNTH:
		return parse_num(cli, a, opt);
	default:
		if (ioa_cli_scenario_opt(cli, &a->s.traces.consol, opt, &stop))
			return stop;
		if (opt != OPT_JSON && opt != OPT_NOILP && opt != OPT_LNS)
			return ioa_cli_usage(cli, "unknown option");
		a->s.c.json |= opt == OPT_JSON;
		a->s.no_ilp |= opt == OPT_NOILP;
		a->s.lns |= opt == OPT_LNS;
		return 0;
	}
}

static int exact_index(const char *s)
{
	if (!strcmp(s, "auto"))
		return IOA_EXACT_AUTO;
	if (!strcmp(s, "bnb"))
		return IOA_EXACT_BNB;
	if (!strcmp(s, "ilp"))
		return IOA_EXACT_ILP;
	if (!strcmp(s, "dfs"))
		return IOA_EXACT_DFS;
	if (!strcmp(s, "lcg"))
		return IOA_EXACT_LCG;
	return -1;
}

static int parse_opt(struct ioa_cli *cli, struct optargs *a, int opt)
{
	char *end;

	switch (opt) {
	case OPT_PSPLIB:
		a->psplib = optarg;
		return 0;
	case OPT_TIME:
		a->s.time_limit = strtod(optarg, &end);
		if (*end || !(a->s.time_limit > 0))
			return ioa_cli_usage(cli, "--time-limit: expected seconds > 0, got '%s'",
					     optarg);
		return 0;
	case OPT_WINDOW:
		if (parse_window(&a->s.traces, optarg))
			return ioa_cli_usage(cli, "--window: expected A:B seconds, A < B");
		return 0;
	case OPT_MODE:
		if ((a->s.mode = ioa_mode_parse(optarg)) < 0)
			return ioa_cli_usage(cli, "--mode: '%s': want strict, overlap or edf",
					     optarg);
		return 0;
	case OPT_EXACT:
		if ((a->s.exact = exact_index(optarg)) < 0)
			return ioa_cli_usage(cli, "--exact: '%s': want auto, bnb, ilp, dfs or lcg",
					     optarg);
		return 0;
	case OPT_OBJECTIVE:
		if (strcmp(optarg, "makespan") && strcmp(optarg, "lateness"))
			return ioa_cli_usage(cli, "--objective: want makespan or lateness");
		a->s.lateness = !strcmp(optarg, "lateness") ? 1 : 0;
		return 0;
	default:
		return parse_more(cli, a, opt);
	}
}

static void print_result(const struct optargs *a, const char *name, const struct ioa_result *r)
{
	if (!a->s.c.json) {
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
	       ", \"used_ilp\": %s, \"used_lns\": %s, \"used_bnb\": %s, \"bnb_nodes\": %ld}\n",
	       (long long)r->makespan, (long long)r->bound, ioa_status_name(r->status), r->gap,
	       r->seconds, (long long)r->heuristic_makespan, r->heuristic_seconds,
	       r->used_ilp ? "true" : "false", r->used_lns ? "true" : "false",
	       r->used_bnb ? "true" : "false", r->bnb_nodes);
}

/* --psplib / --synthetic: the solver core on one instance, nothing stored */
static int run_core(struct ioa_cli *cli, const struct optargs *a)
{
	struct ioa_solve_opts so = {
		.time_limit = a->s.time_limit > 0 ? a->s.time_limit : 10,
		.no_ilp = a->s.no_ilp,
		.seed = 1,
		.log = &cli->log,
		.stop = &stop_flag,
		.max_ilp_tasks = a->s.lns ? 1 : 0,
		.exact = a->s.exact,
	};
	struct ioa_inst inst;
	struct ioa_result res;
	struct ioa_err err = { 0 };
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

int ioa_cmd_optimize(int argc, char **argv)
{
	struct optargs a;
	struct ioa_cli cli;
	struct ioa_err err = { 0 };
	int64_t id;
	int opt, stop, ret;

	memset(&a, 0, sizeof(a));
	ioa_optimize_stage_init(&a.s);
	ioa_cli_init(&cli, "ioaware optimize");
	while ((opt = getopt_long(argc, argv, IOA_COMMON_SHORTOPTS, optimize_longopts, NULL)) !=
	       -1) {
		if (ioa_cli_common(&cli, opt, optimize_help, &stop)) {
			if (stop >= 0)
				return stop;
			continue;
		}
		if (parse_opt(&cli, &a, opt))
			return IOA_EXIT_USAGE;
	}
	if (optind < argc)
		return ioa_cli_usage(&cli, "unexpected argument '%s'", argv[optind]);
	if (a.psplib || a.synthetic)
		return run_core(&cli, &a);
	if (a.s.scenario_id && (a.s.traces.ntraces || a.s.traces.win_b >= 0))
		return ioa_cli_usage(&cli, "--scenario excludes --trace and --window");
	a.s.c.db = cli.db;
	a.s.c.log = &cli.log;
	a.s.c.out = stdout;
	a.s.stop = &stop_flag;
	signal(SIGINT, on_sigint);
	ret = ioa_stage_optimize(&a.s, &id, &err);
	signal(SIGINT, SIG_DFL);
	return ret ? ioa_cli_fail(&cli, &err, ret) : IOA_EXIT_OK;
}
