// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * ioaware run: the whole pipeline in one command — ingest → classify → optimize → simulate →
 * report — with sensible defaults. Each stage is the stage's own command run in-process
 * (its options parsed by its own getopt table), so `run` adds no second implementation of
 * any stage; its tables go to a sink, and run prints one line per stage and a summary.
 */
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "db.h"
#include "db_run.h"
#include "hash.h"

static const char run_help[] =
	"Usage: ioaware run [OPTIONS] TRACE...\n\n"
	"The whole pipeline: ingest the traces, classify every vCPU segment, compute the\n"
	"schedules (as traced, baseline, the paper's online policy, heuristic, optimized),\n"
	"simulate them under I/O contention, and render the report. The database is kept\n"
	"beside the output (report.pdf -> report.db) unless --db is given; running again on\n"
	"the same trace reuses what was ingested.\n\n"
	"Options:\n"
	"  -o, --output FILE   the report (default report.pdf; .png / .svg for pages)\n"
	"  --pcpus P           physical CPUs of the schedules (default: the trace's CPUs)\n"
	"  --time-limit S      seconds for the optimizer (default 10)\n"
	"  --mode M            strict (default), overlap or edf\n"
	"  --json              the summary as {\"report\", \"database\", \"trace_id\",\n"
	"                      \"schedules\": [{\"kind\", \"makespan_s\", \"peak_pct\", ...}]}\n"
	IOA_COMMON_HELP "\n"
	"Examples:\n"
	"  ioaware run traces/qemu-tcg-a.dat\n"
	"  ioaware run -o lab.pdf --pcpus 2 --time-limit 30 host.dat\n\n" IOA_EXIT_HELP;

enum {
	OPT_PCPUS = IOA_OPT__FIRST_CMD,
	OPT_TIME_LIMIT,
	OPT_MODE,
	OPT_JSON,
};

static const struct option run_longopts[] = {
	IOA_COMMON_LONGOPTS,
	{ "output", required_argument, NULL, 'o' },
	{ "pcpus", required_argument, NULL, OPT_PCPUS },
	{ "time-limit", required_argument, NULL, OPT_TIME_LIMIT },
	{ "mode", required_argument, NULL, OPT_MODE },
	{ "json", no_argument, NULL, OPT_JSON },
	{ NULL, 0, NULL, 0 },
};

struct run {
	struct ioa_cli cli;
	const char *out;
	const char *pcpus;
	const char *time_limit;
	const char *mode;
	char db[4096];
	int64_t trace_id;
	int json;
	int rows;	/* summary rows printed */
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* report.pdf -> report.db, beside it */
static void db_beside(char *dst, size_t size, const char *out)
{
	const char *slash = strrchr(out, '/');
	const char *dot = strrchr(out, '.');
	size_t stem = dot && (!slash || dot > slash) ? (size_t)(dot - out) : strlen(out);

	snprintf(dst, size, "%.*s.db", (int)IOA_MIN(stem, size - 4), out);
}

/* run cmd(argv) with its stdout silenced; returns its exit code */
static int stage(struct run *r, const char *name, int (*cmd)(int, char **), char **argv)
{
	double t0 = now();
	int argc = 0, saved, devnull, rc;

	while (argv[argc])
		argc++;
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (saved >= 0 && devnull >= 0)
		dup2(devnull, STDOUT_FILENO);
	optind = 0; /* GNU getopt: start afresh for the stage's own option table */
	rc = cmd(argc, argv);
	fflush(stdout);
	if (saved >= 0) {
		dup2(saved, STDOUT_FILENO);
		close(saved);
	}
	if (devnull >= 0)
		close(devnull);
	if (r->cli.log.level >= IOA_LOG_WARN)
		fprintf(stderr, "  %-9s %s in %.2f s\n", name, rc ? "FAILED" : "done",
			now() - t0);
	return rc;
}

#define MAX_ARGS 24

struct argv_buf {
	char *v[MAX_ARGS];
	int n;
};

static void arg(struct argv_buf *a, const char *s)
{
	if (a->n < MAX_ARGS - 1)
		a->v[a->n++] = (char *)s;
	a->v[a->n] = NULL;
}

static void stage_args(struct argv_buf *a, struct run *r, const char *cmd)
{
	a->n = 0;
	arg(a, cmd);
	arg(a, "--db");
	arg(a, r->db);
	arg(a, "-q");
}

static int do_ingest(struct run *r, char **traces, int n)
{
	struct argv_buf a;
	int i;

	stage_args(&a, r, "ingest");
	for (i = 0; i < n && a.n < MAX_ARGS - 1; i++)
		arg(&a, traces[i]);
	return stage(r, "ingest", ioa_cmd_ingest, a.v);
}

/* the trace the pipeline works on: the first file given, found by its content hash */
static int find_trace(struct run *r, const char *path, struct ioa_err *err)
{
	struct ioa_db *db = NULL;
	char sha[65];
	int64_t size;
	int ret = ioa_sha256_file(sha, &size, path, err);

	if (!ret)
		ret = ioa_db_open(&db, r->db, IOA_DB_READ, NULL, err);
	if (!ret)
		ret = ioa_db_trace_by_sha(db, sha, &r->trace_id, err);
	if (!ret && !r->trace_id)
		ret = ioa_error(err, IOA_EINTERNAL, "%s: not found after ingest", path);
	ioa_db_close(db);
	return ret;
}

static int do_stages(struct run *r)
{
	char id[32];
	struct argv_buf a;
	int rc;

	snprintf(id, sizeof(id), "%lld", (long long)r->trace_id);
	stage_args(&a, r, "classify");
	arg(&a, "--trace");
	arg(&a, id);
	rc = stage(r, "classify", ioa_cmd_classify, a.v);
	if (rc)
		return rc;
	stage_args(&a, r, "optimize");
	arg(&a, "--trace");
	arg(&a, id);
	arg(&a, "--time-limit");
	arg(&a, r->time_limit);
	arg(&a, "--mode");
	arg(&a, r->mode);
	if (r->pcpus) {
		arg(&a, "--pcpus");
		arg(&a, r->pcpus);
	}
	rc = stage(r, "optimize", ioa_cmd_optimize, a.v);
	if (rc)
		return rc;
	stage_args(&a, r, "simulate");
	rc = stage(r, "simulate", ioa_cmd_simulate, a.v);
	if (rc)
		return rc;
	stage_args(&a, r, "report");
	arg(&a, "-o");
	arg(&a, r->out);
	return stage(r, "report", ioa_cmd_report, a.v);
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

static int summary(struct run *r, struct ioa_err *err)
{
	struct ioa_db *db = NULL;
	int ret = ioa_db_open(&db, r->db, IOA_DB_READ, NULL, err);

	if (!ret && r->json) {
		printf("{\"report\": ");
		ioa_json_str(stdout, r->out);
		printf(", \"database\": ");
		ioa_json_str(stdout, r->db);
		printf(", \"trace_id\": %lld, \"schedules\": [", (long long)r->trace_id);
		ret = ioa_db_run_summary(db, r->trace_id, summary_json, r, err);
		printf("]}\n");
	} else if (!ret) {
		printf("%s: trace %lld, database %s\n", r->out, (long long)r->trace_id, r->db);
		ret = ioa_db_run_summary(db, r->trace_id, summary_row, NULL, err);
	}
	ioa_db_close(db);
	return ret;
}

static int parse(struct run *r, int argc, char **argv, int *stop)
{
	int opt;

	while ((opt = getopt_long(argc, argv, "o:" IOA_COMMON_SHORTOPTS, run_longopts, NULL)) !=
	       -1) {
		if (ioa_cli_common(&r->cli, opt, run_help, stop)) {
			if (*stop >= 0)
				return 1;
			continue;
		}
		if (opt == 'o')
			r->out = optarg;
		else if (opt == OPT_PCPUS)
			r->pcpus = optarg;
		else if (opt == OPT_TIME_LIMIT)
			r->time_limit = optarg;
		else if (opt == OPT_MODE)
			r->mode = optarg;
		else if (opt == OPT_JSON)
			r->json = 1;
	}
	if (optind >= argc) {
		*stop = ioa_cli_usage(&r->cli, "no trace file given");
		return 1;
	}
	return 0;
}

int ioa_cmd_run(int argc, char **argv)
{
	struct run r = { .out = "report.pdf", .time_limit = "10", .mode = "strict" };
	struct ioa_err err = { 0 };
	double t0 = now();
	int stop, first, rc, explicit_db;

	ioa_cli_init(&r.cli, "ioaware run");
	if (parse(&r, argc, argv, &stop))
		return stop;
	first = optind;
	explicit_db = strcmp(r.cli.db, IOA_DEFAULT_DB) != 0;
	if (explicit_db)
		ioa_strlcpy(r.db, r.cli.db, sizeof(r.db));
	else
		db_beside(r.db, sizeof(r.db), r.out);
	if (r.cli.log.level >= IOA_LOG_WARN)
		fprintf(stderr, "ioaware run: %s -> %s (database %s)\n", argv[first], r.out, r.db);
	rc = do_ingest(&r, argv + first, argc - first);
	if (rc)
		return rc;
	rc = find_trace(&r, argv[first], &err);
	if (rc)
		return ioa_cli_fail(&r.cli, &err, rc);
	rc = do_stages(&r);
	if (rc)
		return rc;
	rc = summary(&r, &err);
	if (rc)
		return ioa_cli_fail(&r.cli, &err, rc);
	if (r.cli.log.level >= IOA_LOG_WARN)
		fprintf(stderr, "ioaware run: done in %.2f s\n", now() - t0);
	return IOA_EXIT_OK;
}
