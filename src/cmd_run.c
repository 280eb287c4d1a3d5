// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * ioaware run: the whole pipeline in one command — ingest → classify → optimize → simulate →
 * report — with sensible defaults. Each stage is called through its library entry point
 * (stage.h) with an options struct, so `run` adds no second implementation of any stage and
 * passes any number of traces; it prints one line per stage and a summary.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "cli.h"
#include "db.h"
#include "db_plan.h"
#include "db_run.h"
#include "hash.h"
#include "stage.h"

static const char run_help[] =
	"Usage: ioaware run [OPTIONS] TRACE...\n\n"
	"The whole pipeline: ingest the traces, classify every vCPU segment, compute the\n"
	"schedules (as traced, baseline, the paper's online policy, heuristic, optimized),\n"
	"simulate them under I/O contention, and render the report. Several traces are one\n"
	"scenario: every VM of every host trace on one hypothetical host (a guest trace\n"
	"counts with its host trace); none is left out. The database is kept beside the\n"
	"output (report.pdf -> report.db) unless --db is given; running again on the same\n"
	"traces reuses what was ingested.\n\n"
	"Options:\n"
	"  -o, --output FILE   the report (default report.pdf; .png / .svg for pages)\n"
	"  --pcpus P           physical CPUs of the schedules (default: the largest CPU\n"
	"                      count of the traces)\n"
	"  --time-limit S      seconds for the optimizer (default 10)\n"
	"  --mode M            strict (default), overlap or edf\n"
	"  --budget-ms W       p99 wait budget of the capacity plan, ms (default 1)\n"
	"  --plan-time S       optimizer seconds per pCPU count in the plan (default 1;\n"
	"                      the plan tries 1 to the number of vCPUs, at most 16)\n"
	"  --no-plan           skip the capacity plan\n" IOA_SCENARIO_HELP
	"  --json              the summary as {\"report\", \"database\", \"trace_id\",\n"
	"                      \"trace_ids\", \"scenario_id\", \"tasks\",\n"
	"                      \"schedules\": [{\"kind\", \"makespan_s\", \"peak_pct\", ...}],\n"
	"                      \"plan\": {\"sentence\", \"cores\": {\"baseline\": P|null, ...}}}\n" IOA_COMMON_HELP
	"\n"
	"Examples:\n"
	"  ioaware run traces/qemu-tcg-a.dat\n"
	"  ioaware run -o consol.pdf --repeat 3 host-a.dat host-b.dat host-c.dat\n"
	"  ioaware run -o lab.pdf --pcpus 2 --time-limit 30 host.dat\n\n" IOA_EXIT_HELP;

enum {
	OPT_PCPUS = IOA_OPT__FIRST_CMD,
	OPT_TIME_LIMIT,
	OPT_MODE,
	OPT_JSON,
	OPT_BUDGET_MS,
	OPT_PLAN_TIME,
	OPT_NO_PLAN,
};

static const struct option run_longopts[] = {
	IOA_COMMON_LONGOPTS,
	{ "output", required_argument, NULL, 'o' },
	{ "pcpus", required_argument, NULL, OPT_PCPUS },
	{ "time-limit", required_argument, NULL, OPT_TIME_LIMIT },
	{ "mode", required_argument, NULL, OPT_MODE },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "budget-ms", required_argument, NULL, OPT_BUDGET_MS },
	{ "plan-time", required_argument, NULL, OPT_PLAN_TIME },
	{ "no-plan", no_argument, NULL, OPT_NO_PLAN },
	IOA_SCENARIO_LONGOPTS,
	{ NULL, 0, NULL, 0 },
};

struct run {
	struct ioa_cli cli;
	const char *out;
	int pcpus, mode;
	double time_limit;
	struct ioa_consol_opts consol;
	char db[4096];
	int64_t *ids; /* [nids] the trace of each file given */
	int nids;
	int64_t scenario_id;
	int json;
	int rows; /* summary rows printed */
	int no_plan;
	double budget_ms, plan_time;
	char sentence[512]; /* the plan's answer, "" when not planned */
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU seconds (user + system) of this process and of the children it waited for (ingest
 * runs in a forked child); a difference of two readings counts, since a shell that execs
 * ioaware hands on the CPU time of the children it waited for before */
static double cpu_now(void)
{
	struct rusage self, kids;

	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &kids);
	return (double)(self.ru_utime.tv_sec + self.ru_stime.tv_sec + kids.ru_utime.tv_sec +
			kids.ru_stime.tv_sec) +
	       (double)(self.ru_utime.tv_usec + self.ru_stime.tv_usec + kids.ru_utime.tv_usec +
			kids.ru_stime.tv_usec) /
		       1e6;
}

/* report.pdf -> report.db, beside it */
static void db_beside(char *dst, size_t size, const char *out)
{
	const char *slash = strrchr(out, '/');
	const char *dot = strrchr(out, '.');
	size_t stem = dot && (!slash || dot > slash) ? (size_t)(dot - out) : strlen(out);

	snprintf(dst, size, "%.*s.db", (int)IOA_MIN(stem, size - 4), out);
}

/* the stage's wall time since @t0 and CPU time since @c0 */
static void stage_done(const struct run *r, const char *name, int ret, double t0, double c0)
{
	if (r->cli.log.level >= IOA_LOG_WARN)
		fprintf(stderr, "  %-9s %s in %.2f s (CPU %.2f s)\n", name, ret ? "FAILED" : "done",
			now() - t0, cpu_now() - c0);
}

static struct ioa_stage_common common(const struct run *r)
{
	return (struct ioa_stage_common){ r->db, &r->cli.log, NULL, 0 };
}

static int do_ingest(struct run *r, char **traces, int n, struct ioa_err *err)
{
	struct ioa_ingest_stage_opts o = {
		.c = common(r),
		.paths = (const char *const *)traces,
		.npaths = n,
	};
	struct ioa_err *errs = ioa_xcalloc((size_t)n, sizeof(*errs));
	double t0 = now(), c0 = cpu_now();
	int i, ret;

	r->ids = ioa_xcalloc((size_t)n, sizeof(*r->ids));
	r->nids = n;
	ret = ioa_stage_ingest(&o, r->ids, errs, err);
	for (i = 0; i < n; i++) /* every failure is said, the first one is returned */
		if (!r->ids[i] && errs[i].code && errs[i].msg[0] && strcmp(errs[i].msg, err->msg))
			fprintf(stderr, "%s: %s\n", r->cli.prog, errs[i].msg);
	free(errs);
	stage_done(r, "ingest", ret, t0, c0);
	return ret;
}

/* each trace given, once */
static int do_classify(struct run *r, struct ioa_err *err)
{
	struct ioa_classify_stage_opts o = { .c = common(r) };
	double t0 = now(), c0 = cpu_now();
	int i, j, ret = 0;

	for (i = 0; i < r->nids && !ret; i++) {
		for (j = 0; j < i && r->ids[j] != r->ids[i]; j++)
			;
		if (j < i)
			continue;
		o.trace_id = r->ids[i];
		ret = ioa_stage_classify(&o, err);
	}
	stage_done(r, "classify", ret, t0, c0);
	return ret;
}

static volatile sig_atomic_t stop_flag;

static void on_sigint(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static int do_optimize(struct run *r, struct ioa_err *err)
{
	struct ioa_optimize_stage_opts o;
	double t0 = now(), c0 = cpu_now();
	int ret;

	ioa_optimize_stage_init(&o);
	o.c = common(r);
	o.traces.trace_ids = r->ids;
	o.traces.ntraces = r->nids;
	o.traces.consol = r->consol;
	o.pcpus = r->pcpus;
	o.mode = r->mode;
	o.time_limit = r->time_limit;
	o.stop = &stop_flag;
	signal(SIGINT, on_sigint);
	ret = ioa_stage_optimize(&o, &r->scenario_id, err);
	signal(SIGINT, SIG_DFL);
	stage_done(r, "optimize", ret, t0, c0);
	return ret;
}

/* the capacity plan of the scenario, within a bounded time */
static int do_plan(struct run *r, struct ioa_err *err)
{
	struct ioa_plan_stage_opts o;
	double t0 = now(), c0 = cpu_now();
	int ret;

	ioa_plan_stage_init(&o);
	o.c = common(r);
	o.scenario_id = r->scenario_id;
	o.budget_ms = r->budget_ms;
	o.time_limit = r->plan_time;
	o.mode = r->mode;
	o.stop = &stop_flag;
	signal(SIGINT, on_sigint);
	ret = ioa_stage_plan(&o, r->sentence, sizeof(r->sentence), err);
	signal(SIGINT, SIG_DFL);
	stage_done(r, "plan", ret, t0, c0);
	return ret;
}

static int do_stages(struct run *r, struct ioa_err *err)
{
	struct ioa_simulate_stage_opts so;
	struct ioa_report_stage_opts ro = { .c = common(r), .output = r->out };
	double t0, c0;
	int ret = do_classify(r, err);

	if (!ret)
		ret = do_optimize(r, err);
	if (ret)
		return ret;
	ioa_simulate_stage_init(&so);
	so.c = common(r);
	so.scenario_id = r->scenario_id;
	t0 = now();
	c0 = cpu_now();
	ret = ioa_stage_simulate(&so, err);
	stage_done(r, "simulate", ret, t0, c0);
	if (ret)
		return ret;
	if (!r->no_plan)
		ret = do_plan(r, err);
	if (ret)
		return ret;
	ro.scenario_id = r->scenario_id;
	t0 = now();
	c0 = cpu_now();
	ret = ioa_stage_report(&ro, err);
	stage_done(r, "report", ret, t0, c0);
	return ret;
}

static void fmt_pct(char *buf, size_t size, double v, const char *what)
{
	if (isnan(v))
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%.0f %% %s", v, what);
}

static void json_num(const char *key, double v)
{
	if (isnan(v))
		printf(", \"%s\": null", key);
	else
		printf(", \"%s\": %.9g", key, v);
}

static int summary_json(void *priv, const struct ioa_run_row *row)
{
	struct run *r = priv;

	printf("%s{\"kind\": ", r->rows++ ? ", " : "");
	ioa_json_str(stdout, row->kind);
	printf(", \"status\": ");
	ioa_json_str(stdout, row->status);
	json_num("gap", row->gap);
	json_num("makespan_s", row->makespan_s);
	json_num("wait_mean_s", row->wait_mean_s);
	json_num("overload_s", row->overload_s);
	json_num("peak_pct", row->peak_pct);
	printf(", \"peak_component\": ");
	ioa_json_str(stdout, row->peak_component);
	putchar('}');
	return 0;
}

static int summary_row(void *priv, const struct ioa_run_row *row)
{
	char peak[48], gap[24];

	(void)priv;
	fmt_pct(peak, sizeof(peak), row->peak_pct, row->peak_component);
	if (isnan(row->gap))
		snprintf(gap, sizeof(gap), "-");
	else
		snprintf(gap, sizeof(gap), "%.1f %%", row->gap * 100.0);
	printf("  %-10s makespan %8.3f ms  peak %-18s overload %7.3f ms  wait %7.3f ms  "
	       "%s, gap %s\n",
	       row->kind, row->makespan_s * 1e3, peak, row->overload_s * 1e3,
	       row->wait_mean_s * 1e3, row->status, gap);
	return 0;
}

/* `, "plan": {"sentence": ..., "cores": {...}}` of the plan just made */
static int plan_json(const struct run *r, struct ioa_db *db, struct ioa_err *err)
{
	struct ioa_plan_data d;
	int i, ret;

	if (r->no_plan)
		return 0;
	ret = ioa_db_plan_load(db, r->scenario_id, &d, err);
	if (ret || !d.plan.plan_id)
		return ret;
	printf(", \"plan\": {\"sentence\": ");
	ioa_json_str(stdout, d.plan.sentence);
	printf(", \"budget_ms\": %g, \"cores\": {", d.plan.budget_ms);
	for (i = 0; i < d.npol; i++) {
		printf("%s\"%s\": ", i ? ", " : "", d.pol[i].policy);
		if (d.pol[i].cores)
			printf("%d", d.pol[i].cores);
		else
			printf("null");
	}
	printf("}}");
	ioa_plan_data_release(&d);
	return 0;
}

static int summary(struct run *r, struct ioa_err *err)
{
	struct ioa_scenario_rec sc;
	struct ioa_db *db = NULL;
	int i, ret = ioa_db_open(&db, r->db, IOA_DB_READ, NULL, err);

	if (!ret)
		ret = ioa_db_scenario_get(db, r->scenario_id, &sc, err);
	if (!ret && r->json) {
		printf("{\"report\": ");
		ioa_json_str(stdout, r->out);
		printf(", \"database\": ");
		ioa_json_str(stdout, r->db);
		printf(", \"trace_id\": %lld, \"trace_ids\": [", (long long)sc.trace_id);
		for (i = 0; i < r->nids; i++)
			printf("%s%lld", i ? ", " : "", (long long)r->ids[i]);
		printf("], \"scenario_id\": %lld, \"scenario\": ", (long long)r->scenario_id);
		ioa_json_str(stdout, sc.name);
		printf(", \"tasks\": %d, \"pcpus\": %d, \"schedules\": [", sc.ntasks, sc.pcpus);
		ret = ioa_db_run_summary(db, r->scenario_id, summary_json, r, err);
		printf("]");
		if (!ret)
			ret = plan_json(r, db, err);
		printf("}\n");
	} else if (!ret) {
		printf("%s: scenario %lld \"%s\" (%d tasks, %d pCPUs), database %s\n", r->out,
		       (long long)r->scenario_id, sc.name, sc.ntasks, sc.pcpus, r->db);
		ret = ioa_db_run_summary(db, r->scenario_id, summary_row, NULL, err);
		if (!ret && r->sentence[0])
			printf("plan: %s\n", r->sentence);
	}
	ioa_db_close(db);
	return ret;
}

static int parse_opt(struct run *r, int opt)
{
	char *end;
	long v;

	if (opt == OPT_PCPUS) {
		v = strtol(optarg, &end, 10);
		if (*end || end == optarg || v < 1 || v > 4096)
			return ioa_cli_usage(&r->cli, "--pcpus: want 1..4096, not '%s'", optarg);
		r->pcpus = (int)v;
	} else if (opt == OPT_TIME_LIMIT) {
		r->time_limit = strtod(optarg, &end);
		if (*end || !(r->time_limit > 0))
			return ioa_cli_usage(&r->cli, "--time-limit: want seconds > 0, not '%s'",
					     optarg);
	} else if (opt == OPT_BUDGET_MS || opt == OPT_PLAN_TIME) {
		double x = strtod(optarg, &end);

		if (*end || !(x > 0))
			return ioa_cli_usage(&r->cli, "want a positive number, not '%s'", optarg);
		*(opt == OPT_BUDGET_MS ? &r->budget_ms : &r->plan_time) = x;
	} else if (opt == OPT_NO_PLAN) {
		r->no_plan = 1;
	} else if (opt == OPT_MODE) {
		r->mode = ioa_mode_parse(optarg);
		if (r->mode < 0)
			return ioa_cli_usage(&r->cli, "--mode: '%s': want strict, overlap or edf",
					     optarg);
	}
	return 0;
}

static int parse(struct run *r, int argc, char **argv, int *stop)
{
	int opt;

	while ((opt = getopt_long(argc, argv, "o:" IOA_COMMON_SHORTOPTS, run_longopts, NULL)) !=
	       -1) {
		if (ioa_cli_common(&r->cli, opt, run_help, stop) ||
		    ioa_cli_scenario_opt(&r->cli, &r->consol, opt, stop)) {
			if (*stop > 0 || (*stop == 0 && opt == 'h'))
				return 1;
			continue;
		}
		if (opt == 'o')
			r->out = optarg;
		else if (opt == OPT_JSON)
			r->json = 1;
		else if ((*stop = parse_opt(r, opt)))
			return 1;
	}
	if (optind >= argc) {
		*stop = ioa_cli_usage(&r->cli, "no trace file given");
		return 1;
	}
	return 0;
}

static int run_all(struct run *r, char **files, int n)
{
	struct ioa_err err = { 0 };
	double t0 = now(), c0 = cpu_now();
	int ret;

	if (r->cli.log.level >= IOA_LOG_WARN)
		fprintf(stderr, "ioaware run: %s%s -> %s (database %s)\n", files[0],
			n > 1 ? " ..." : "", r->out, r->db);
	ret = do_ingest(r, files, n, &err);
	if (!ret)
		ret = do_stages(r, &err);
	if (!ret)
		ret = summary(r, &err);
	free(r->ids);
	if (ret)
		return ioa_cli_fail(&r->cli, &err, ret);
	if (r->cli.log.level >= IOA_LOG_WARN)
		fprintf(stderr, "ioaware run: done in %.2f s (CPU %.2f s)\n", now() - t0,
			cpu_now() - c0);
	return IOA_EXIT_OK;
}

int ioa_cmd_run(int argc, char **argv)
{
	struct run r = { .out = "report.pdf",
			 .time_limit = 10,
			 .mode = IOA_MODE_STRICT,
			 .budget_ms = 1,
			 .plan_time = 1 };
	int stop;

	r.consol.repeat = 1;
	r.consol.seed = 1;
	ioa_cli_init(&r.cli, "ioaware run");
	if (parse(&r, argc, argv, &stop))
		return stop;
	if (strcmp(r.cli.db, IOA_DEFAULT_DB) != 0)
		ioa_strlcpy(r.db, r.cli.db, sizeof(r.db));
	else
		db_beside(r.db, sizeof(r.db), r.out);
	return run_all(&r, argv + optind, argc - optind);
}
