// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * ioaware optimize: the solver core on a PSPLIB instance (--psplib) or on a synthetic vCPU
 * instance (--synthetic N, hidden: the scale benchmark). The database mode (classified trace
 * segments) is wired separately.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "optimizer.h"
#include "psplib.h"

static const char optimize_help[] =
	"Usage: ioaware optimize --psplib FILE.sm [--time-limit S] [--json]\n\n"
	"Solves a PSPLIB single-mode RCPSP instance with the optimizer core: lower bounds,\n"
	"serial schedule generation heuristic, then the GLPK time-indexed ILP within the time\n"
	"limit. Prints the makespan, the best proven lower bound and the status; \"optimal\" only\n"
	"when the makespan equals a proven bound. Ctrl-C stops with the best schedule found.\n\n"
	"Options:\n"
	"  --psplib FILE   a .sm instance (format: PSPLIB single mode)\n"
	"  --time-limit S  seconds for the whole solve (default 10)\n"
	"  --no-ilp        bounds and heuristic only\n"
	"  --json          one JSON object: {\"instance\", \"makespan\", \"lower_bound\",\n"
	"                  \"status\", \"seconds\", \"heuristic_makespan\"}\n" IOA_COMMON_HELP "\n"
	"Examples:\n"
	"  ioaware optimize --psplib j301_1.sm --json\n"
	"  ioaware optimize --psplib j6013_1.sm --time-limit 30\n\n" IOA_EXIT_HELP;

enum {
	OPT_PSPLIB = IOA_OPT__FIRST_CMD,
	OPT_TIME,
	OPT_JSON,
	OPT_NOILP,
	OPT_SYNTH,
};

static const struct option optimize_longopts[] = {
	IOA_COMMON_LONGOPTS,
	{ "psplib", required_argument, NULL, OPT_PSPLIB },
	{ "time-limit", required_argument, NULL, OPT_TIME },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "no-ilp", no_argument, NULL, OPT_NOILP },
	{ "synthetic", required_argument, NULL, OPT_SYNTH },
	{ NULL, 0, NULL, 0 },
};

struct optargs {
	const char *psplib;
	double time_limit;
	int json, no_ilp;
	long synthetic;
};

static volatile sig_atomic_t stop_flag;

static void on_sigint(int sig)
{
	(void)sig;
	stop_flag = 1;
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
	case OPT_JSON:
		a->json = 1;
		return 0;
	case OPT_NOILP:
		a->no_ilp = 1;
		return 0;
	case OPT_SYNTH:
		a->synthetic = strtol(optarg, &end, 10);
		if (*end || a->synthetic < 1 || a->synthetic > 10000000)
			return ioa_cli_usage(cli, "--synthetic: expected a task count");
		return 0;
	default:
		return ioa_cli_usage(cli, "unknown option");
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
	       ", \"used_ilp\": %s}\n",
	       (long long)r->makespan, (long long)r->bound, ioa_status_name(r->status), r->gap,
	       r->seconds, (long long)r->heuristic_makespan, r->heuristic_seconds,
	       r->used_ilp ? "true" : "false");
}


static int run(struct ioa_cli *cli, const struct optargs *a)
{
	struct ioa_solve_opts so = {
		.time_limit = a->time_limit > 0 ? a->time_limit : 10,
		.no_ilp = a->no_ilp, .seed = 1, .log = &cli->log, .stop = &stop_flag,
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
	struct optargs a = { 0 };
	struct ioa_cli cli;
	int opt, stop;

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
	if (!a.psplib && !a.synthetic)
		return ioa_cli_usage(&cli, "--psplib FILE is required (the database mode is not "
					   "wired yet)");
	return run(&cli, &a);
}
