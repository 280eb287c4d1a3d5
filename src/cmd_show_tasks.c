// SPDX-License-Identifier: GPL-3.0-or-later
/* ioaware show tasks: the guest task profiles classify stored (guest_task, guest_task_io). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "db.h"
#include "db_guest.h"

static const char tasks_help[] =
	"Usage: ioaware show tasks [OPTIONS]\n\n"
	"Lists the task profiles of guest traces (a guest's own trace, ingested with its host's,\n"
	"after `ioaware classify`): per guest thread its run time, its I/O time (block requests\n"
	"in flight, packets, device IRQs it was woken by), its category and the share of its I/O\n"
	"time in it, and per component its I/O time, events, bytes and utilisation %.\n\n"
	"Options:\n"
	"  --trace ID      only this guest trace\n"
	"  --all           also threads with neither run time nor I/O of 1 ms\n"
	"  --csv           CSV with a header line, one row per task and component\n"
	"  --json          one JSON object: {\"tasks\": [{...}, ...]}\n" IOA_COMMON_HELP "\n"
	"Examples:\n"
	"  ioaware show tasks\n"
	"  ioaware show tasks --trace 2 --json | jq '.tasks[] | {comm, category}'\n\n" IOA_EXIT_HELP;

enum {
	OPT_TRACE = IOA_OPT__FIRST_CMD,
	OPT_ALL,
	OPT_CSV,
	OPT_JSON,
};

static const struct option tasks_longopts[] = {
	IOA_COMMON_LONGOPTS,
	{ "trace", required_argument, NULL, OPT_TRACE },
	{ "all", no_argument, NULL, OPT_ALL },
	{ "csv", no_argument, NULL, OPT_CSV },
	{ "json", no_argument, NULL, OPT_JSON },
	{ NULL, 0, NULL, 0 },
};

enum fmt { FMT_TEXT, FMT_CSV, FMT_JSON };

struct show {
	enum fmt fmt;
	int all;
	int64_t trace_id;
	int64_t rows;
};

static void text_row(const struct ioa_gt_task_row *r)
{
	int i;

	printf("%5" PRId64 " %7d %-16s %2s %10.3f %10.3f %-9s %6.1f%%", r->trace_id, r->tid,
	       r->comm, r->is_kthread ? "k" : "", (double)r->run_ns / 1e6, (double)r->io_ns / 1e6,
	       r->category, 100 * r->share);
	for (i = 0; i < r->nio; i++)
		printf("  %s %.3f ms %" PRIu64 " ev %.2f%%", r->io[i].category,
		       (double)r->io[i].io_ns / 1e6, r->io[i].events, r->io[i].util_pct);
	putchar('\n');
}

static void csv_row(const struct ioa_gt_task_row *r)
{
	int i;

	for (i = 0; i < (r->nio ? r->nio : 1); i++) {
		printf("%" PRId64 ",%d,", r->trace_id, r->tid);
		ioa_json_str(stdout, r->comm); /* a quoted, escaped field */
		printf(",%d,%" PRIu64 ",%" PRIu64 ",%s,%.4f,", r->is_kthread, r->run_ns, r->io_ns,
		       r->category, r->share);
		if (r->nio)
			printf("%s,%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%.4f,%.4f\n",
			       r->io[i].category, r->io[i].io_ns, r->io[i].events, r->io[i].bytes,
			       r->io[i].share, r->io[i].util_pct);
		else
			printf(",,,,,\n");
	}
}

static void json_row(const struct ioa_gt_task_row *r, int first)
{
	int i;

	printf("%s{\"trace_id\": %" PRId64 ", \"tid\": %d, \"comm\": ", first ? "" : ",\n",
	       r->trace_id, r->tid);
	ioa_json_str(stdout, r->comm);
	printf(", \"kthread\": %s, \"run_ns\": %" PRIu64 ", \"io_ns\": %" PRIu64
	       ", \"category\": \"%s\", \"share\": %.4f, \"io\": {",
	       r->is_kthread ? "true" : "false", r->run_ns, r->io_ns, r->category, r->share);
	for (i = 0; i < r->nio; i++)
		printf("%s\"%s\": {\"io_ns\": %" PRIu64 ", \"events\": %" PRIu64
		       ", \"bytes\": %" PRIu64 ", \"share\": %.4f, \"util_pct\": %.4f}",
		       i ? ", " : "", r->io[i].category, r->io[i].io_ns, r->io[i].events,
		       r->io[i].bytes, r->io[i].share, r->io[i].util_pct);
	printf("}}");
}

static int on_task(void *priv, const struct ioa_gt_task_row *r)
{
	struct show *s = priv;

	if (!s->all && r->run_ns < 1000000 && r->io_ns < 1000000)
		return 0;
	s->rows++;
	if (s->fmt == FMT_CSV)
		csv_row(r);
	else if (s->fmt == FMT_JSON)
		json_row(r, s->rows == 1);
	else
		text_row(r);
	return 0;
}

static void header(enum fmt fmt)
{
	if (fmt == FMT_CSV)
		printf("trace_id,tid,comm,kthread,run_ns,io_ns,category,share,io_category,"
		       "io_ns_of_category,events,bytes,io_share,util_pct\n");
	else if (fmt == FMT_JSON)
		printf("{\"tasks\": [");
	else
		printf("%5s %7s %-16s %2s %10s %10s %-9s %7s  %s\n", "trace", "tid", "comm", "k",
		       "run_ms", "io_ms", "category", "share", "per component");
}

static int parse(struct ioa_cli *cli, struct show *s, int argc, char **argv, int *stop)
{
	char *end;
	int opt;

	while ((opt = getopt_long(argc, argv, IOA_COMMON_SHORTOPTS, tasks_longopts, NULL)) != -1) {
		if (ioa_cli_common(cli, opt, tasks_help, stop)) {
			if (*stop >= 0)
				return 1;
			continue;
		}
		if (opt == OPT_TRACE) {
			s->trace_id = strtoll(optarg, &end, 10);
			if (end == optarg || *end || s->trace_id <= 0) {
				*stop = ioa_cli_usage(cli, "bad value '%s' for --trace", optarg);
				return 1;
			}
		} else if (opt == OPT_ALL) {
			s->all = 1;
		} else {
			s->fmt = opt == OPT_CSV ? FMT_CSV : FMT_JSON;
		}
	}
	if (optind + 1 == argc && !strcmp(argv[optind], "tasks"))
		return 0;
	*stop = optind + 1 < argc ? ioa_cli_usage(cli, "unexpected argument '%s'", argv[optind + 1])
				  : ioa_cli_usage(cli, "expected 'tasks'");
	return 1;
}

int ioa_cmd_show_tasks(int argc, char **argv)
{
	struct show s = { 0 };
	struct ioa_cli cli;
	struct ioa_err err = { 0 };
	struct ioa_db *db;
	int stop = 0, ret;

	ioa_cli_init(&cli, "ioaware show tasks");
	if (parse(&cli, &s, argc, argv, &stop))
		return stop;
	ret = ioa_db_open(&db, cli.db, IOA_DB_READ, NULL, &err);
	if (ret)
		return ioa_cli_fail(&cli, &err, ret);
	header(s.fmt);
	ret = ioa_db_gt_show_foreach(db, s.trace_id, on_task, &s, &err);
	if (s.fmt == FMT_JSON)
		printf("]}\n");
	ioa_db_close(db);
	return ret ? ioa_cli_fail(&cli, &err, ret) : IOA_EXIT_OK;
}
