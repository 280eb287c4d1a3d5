// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * ioaware show: list what later stages read. `show segments` lists vcpu_segments rows;
 * `show devices` (cmd_devices.c) the ports and MMIO pages the VMs accessed; `show semantics`
 * (cmd_semantics.c) the category table of exit reasons and devices.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "db.h"
#include "db_classify.h"

static const char show_help[] =
	"Usage: ioaware show segments [OPTIONS]\n"
	"       ioaware show devices [--trace ID] [--csv|--json]   (see its --help)\n"
	"       ioaware show semantics [--markdown]   (see its --help)\n"
	"       ioaware show tasks [OPTIONS]   (guest task profiles: show tasks --help)\n\n"
	"Lists vCPU run segments (the vcpu_segments view) with their category in context, its\n"
	"utilisation %, confidence, the segment's own category and the evidence, in time order\n"
	"per vCPU. Unclassified segments (before `ioaware classify`) show '-'.\n\n"
	"Options:\n"
	"  --trace ID      only this trace\n"
	"  --vm V          only this VM (vm_id)\n"
	"  --category C    only this category in context (STORAGE, ETHERNET, ...)\n"
	"  --limit N       at most N rows\n"
	"  --csv           CSV with a header line\n"
	"  --json          one JSON object: {\"segments\": [{...}, ...]}\n" IOA_COMMON_HELP "\n"
	"Examples:\n"
	"  ioaware show segments --vm 1 --limit 20\n"
	"  ioaware show segments --category STORAGE --csv > storage.csv\n\n" IOA_EXIT_HELP;

enum {
	OPT_TRACE = IOA_OPT__FIRST_CMD,
	OPT_VM,
	OPT_CATEGORY,
	OPT_LIMIT,
	OPT_CSV,
	OPT_JSON,
};

static const struct option show_longopts[] = {
	IOA_COMMON_LONGOPTS,
	{ "trace", required_argument, NULL, OPT_TRACE },
	{ "vm", required_argument, NULL, OPT_VM },
	{ "category", required_argument, NULL, OPT_CATEGORY },
	{ "limit", required_argument, NULL, OPT_LIMIT },
	{ "csv", no_argument, NULL, OPT_CSV },
	{ "json", no_argument, NULL, OPT_JSON },
	{ NULL, 0, NULL, 0 },
};

enum fmt { FMT_TEXT, FMT_CSV, FMT_JSON };

struct show {
	enum fmt fmt;
	int64_t rows;
};

static int text_row(const struct ioa_cls_show *r)
{
	printf("%10" PRId64 " %5" PRId64 " %4" PRId64 " %4d %7d %3d %20" PRIu64 " %10.1f "
	       "%-9s %7.2f %5.2f %-9s\n",
	       r->segment_id, r->trace_id, r->vm_id, r->vcpu, r->tid, r->cpu, r->start_ns,
	       (double)(r->end_ns - r->start_ns) / 1e3, r->category[0] ? r->category : "-",
	       r->util_pct, r->confidence, r->own_category[0] ? r->own_category : "-");
	return 0;
}

static void csv_evidence(const char *ev)
{
	putchar('"');
	for (; *ev; ev++) {
		if (*ev == '"')
			putchar('"');
		putchar(*ev);
	}
	putchar('"');
}

static int csv_row(const struct ioa_cls_show *r)
{
	printf("%" PRId64 ",%" PRId64 ",%" PRId64 ",%d,%d,%d,%" PRIu64 ",%" PRIu64 ",%s,%.3f,%.3f,"
	       "%s,",
	       r->segment_id, r->trace_id, r->vm_id, r->vcpu, r->tid, r->cpu, r->start_ns,
	       r->end_ns, r->category, r->util_pct, r->confidence, r->own_category);
	csv_evidence(r->evidence);
	putchar('\n');
	return 0;
}

static int json_row(const struct ioa_cls_show *r, int first)
{
	printf("%s{\"segment_id\": %" PRId64 ", \"trace_id\": %" PRId64 ", \"vm_id\": %" PRId64
	       ", \"vcpu\": %d, \"tid\": %d, \"cpu\": %d, \"start_ns\": %" PRIu64
	       ", \"end_ns\": %" PRIu64 ", \"category\": ",
	       first ? "" : ",\n", r->segment_id, r->trace_id, r->vm_id, r->vcpu, r->tid, r->cpu,
	       r->start_ns, r->end_ns);
	ioa_json_str(stdout, r->category);
	printf(", \"util_pct\": %.3f, \"confidence\": %.3f, \"own_category\": ", r->util_pct,
	       r->confidence);
	ioa_json_str(stdout, r->own_category);
	/* the evidence column is JSON written by classify: embedded as is */
	printf(", \"evidence\": %s}", r->evidence[0] ? r->evidence : "null");
	return 0;
}

static int on_row(void *priv, const struct ioa_cls_show *r)
{
	struct show *s = priv;

	s->rows++;
	if (s->fmt == FMT_CSV)
		return csv_row(r);
	if (s->fmt == FMT_JSON)
		return json_row(r, s->rows == 1);
	return text_row(r);
}

static void header(enum fmt fmt)
{
	if (fmt == FMT_CSV)
		printf("segment_id,trace_id,vm_id,vcpu,tid,cpu,start_ns,end_ns,category,util_pct,"
		       "confidence,own_category,evidence\n");
	else if (fmt == FMT_JSON)
		printf("{\"segments\": [");
	else
		printf("%10s %5s %4s %4s %7s %3s %20s %10s %-9s %7s %5s %-9s\n", "segment", "trace",
		       "vm", "vcpu", "tid", "cpu", "start_ns", "dur_us", "category", "util%",
		       "conf", "own");
}

static int parse_id(const char *s, int64_t *out)
{
	char *end;
	long long v = strtoll(s, &end, 10);

	if (end == s || *end || v <= 0)
		return -1;
	*out = v;
	return 0;
}

static int parse(struct ioa_cli *cli, struct show *s, struct ioa_cls_filter *f, int argc,
		 char **argv, int *stop)
{
	int opt, bad = 0;

	while (!bad &&
	       (opt = getopt_long(argc, argv, IOA_COMMON_SHORTOPTS, show_longopts, NULL)) != -1) {
		if (ioa_cli_common(cli, opt, show_help, stop)) {
			if (*stop >= 0)
				return 1;
			continue;
		}
		if (opt == OPT_TRACE)
			bad = parse_id(optarg, &f->trace_id);
		else if (opt == OPT_VM)
			bad = parse_id(optarg, &f->vm_id);
		else if (opt == OPT_LIMIT)
			bad = parse_id(optarg, &f->limit);
		else if (opt == OPT_CATEGORY)
			f->category = optarg;
		else
			s->fmt = opt == OPT_CSV ? FMT_CSV : FMT_JSON;
	}
	if (bad)
		*stop = ioa_cli_usage(cli, "bad value '%s'", optarg);
	else if (optind >= argc || strcmp(argv[optind], "segments"))
		*stop = ioa_cli_usage(cli, "expected 'segments'");
	else if (optind + 1 < argc)
		*stop = ioa_cli_usage(cli, "unexpected argument '%s'", argv[optind + 1]);
	return bad || optind + 1 != argc || strcmp(argv[optind], "segments");
}

/* the subcommand: the first argument that is neither an option nor an option's value */
static const char *subcommand(int argc, char **argv)
{
	static const char *const with_value[] = { "--db",	"--trace", "--vm",
						  "--category", "--limit", "--device-map" };
	size_t k;
	int i;

	for (i = 1; i < argc; i++) {
		if (argv[i][0] != '-')
			return argv[i];
		for (k = 0; k < IOA_ARRAY_SIZE(with_value); k++)
			if (!strcmp(argv[i], with_value[k]))
				i++;
	}
	return "";
}

int ioa_cmd_show(int argc, char **argv)
{
	struct ioa_cls_filter f = { 0 };
	struct show s = { 0 };
	struct ioa_cli cli;
	struct ioa_err err = { 0 };
	struct ioa_db *db;
	int stop = 0, ret;

	if (!strcmp(subcommand(argc, argv), "semantics"))
		return ioa_cmd_show_semantics(argc, argv);
	if (!strcmp(subcommand(argc, argv), "tasks"))
		return ioa_cmd_show_tasks(argc, argv);
	if (!strcmp(subcommand(argc, argv), "devices"))
		return ioa_cmd_show_devices(argc, argv);
	ioa_cli_init(&cli, "ioaware show");
	if (parse(&cli, &s, &f, argc, argv, &stop))
		return stop;
	ret = ioa_db_open(&db, cli.db, IOA_DB_READ, NULL, &err);
	if (ret)
		return ioa_cli_fail(&cli, &err, ret);
	header(s.fmt);
	ret = ioa_db_cls_show_foreach(db, &f, on_row, &s, &err);
	if (s.fmt == FMT_JSON)
		printf("]}\n");
	ioa_db_close(db);
	return ret ? ioa_cli_fail(&cli, &err, ret) : IOA_EXIT_OK;
}
