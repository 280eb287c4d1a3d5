// SPDX-License-Identifier: GPL-3.0-or-later
/* ioaware report: the database rendered as a PDF (or one PNG/SVG per page) through cairo. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "stage.h"
#include "db.h"
#include "db_report.h"
#include "report.h"

static const char report_help[] =
	"Usage: ioaware report [OPTIONS]\n\n"
	"Renders what the database holds as a report: 1 summary (traces, headline numbers\n"
	"baseline vs optimized, ingest warnings), 2 timelines per pCPU by I/O category, 3\n"
	"utilisation per component over time with the 100 % line, 4 schedules and metrics side\n"
	"by side, 5 classification evidence per VM and vCPU, 6 the what-if sweep. A page whose\n"
	"stage has not run yet says so in one line.\n\n"
	"Options:\n"
	"  -o, --output FILE   report.pdf (default), or NAME.png / NAME.svg for one file per\n"
	"                      page: NAME-1.png, NAME-2.png, ... (PNG at 150 dpi)\n"
	"  --scenario ID       scenario whose schedules to show (default: the newest with an\n"
	"                      optimized schedule)\n" IOA_COMMON_HELP "\n"
	"Examples:\n"
	"  ioaware report -o report.pdf\n"
	"  ioaware report --db lab.db --scenario 3 -o lab.pdf\n"
	"  ioaware report -o pages.png      # pages-1.png ... pages-6.png\n\n" IOA_EXIT_HELP;

enum {
	OPT_SCENARIO = IOA_OPT__FIRST_CMD,
};

static const struct option report_longopts[] = {
	IOA_COMMON_LONGOPTS,
	{ "output", required_argument, NULL, 'o' },
	{ "scenario", required_argument, NULL, OPT_SCENARIO },
	{ NULL, 0, NULL, 0 },
};

struct report_args {
	const char *out;
	long long scenario;
};

static int known_ext(const char *path)
{
	const char *ext = strrchr(path, '.');

	return ext && !strchr(ext, '/') &&
	       (!strcasecmp(ext, ".pdf") || !strcasecmp(ext, ".png") || !strcasecmp(ext, ".svg"));
}

static int parse(struct ioa_cli *cli, struct report_args *a, int argc, char **argv)
{
	int opt, stop;
	char *end;

	while ((opt = getopt_long(argc, argv, "o:" IOA_COMMON_SHORTOPTS, report_longopts, NULL)) !=
	       -1) {
		if (ioa_cli_common(cli, opt, report_help, &stop)) {
			if (stop >= 0)
				return stop;
			continue;
		}
		if (opt == 'o') {
			a->out = optarg;
		} else if (opt == OPT_SCENARIO) {
			errno = 0;
			a->scenario = strtoll(optarg, &end, 10);
			if (errno || *end || a->scenario <= 0)
				return ioa_cli_usage(cli, "--scenario: not a scenario id: '%s'",
						     optarg);
		}
	}
	if (optind < argc)
		return ioa_cli_usage(cli, "unexpected argument '%s'", argv[optind]);
	if (!known_ext(a->out))
		return ioa_cli_usage(cli, "%s: unknown output type (use .pdf, .png or .svg)",
				     a->out);
	return -1;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int render(const struct ioa_report_stage_opts *so, const struct ioa_report_data *r,
		  struct ioa_err *err)
{
	struct ioa_report_opts o = { so->c.db };
	const char *out = so->output;
	struct ioa_draw_fonts *fonts;
	struct ioa_measure m;
	struct ioa_dl dl;
	int files = 0, ret;

	fonts = ioa_draw_fonts_new(&m);
	ioa_dl_init(&dl, IOA_PAGE_W, IOA_PAGE_H);
	ioa_report_build(&dl, r, &m, &o);
	ret = ioa_draw_write(&dl, out, &files, err);
	if (!ret && so->c.out)
		fprintf(so->c.out, "%s: %d page(s), %d file(s), %zu drawing operations\n", out,
			dl.pages, files, dl.n);
	ioa_dl_release(&dl);
	ioa_draw_fonts_free(fonts);
	return ret;
}

/* no --scenario: which one the report shows */
static void say_default(const struct ioa_log *log, const struct ioa_report_data *r)
{
	const char *with = "schedules";
	size_t i;

	for (i = 0; i < r->nscheds; i++)
		if (!strcmp(r->scheds[i].kind, "optimized"))
			with = "an optimized schedule";
	ioa_log(log, IOA_LOG_WARN, "using scenario %lld (%s, newest with %s)\n",
		(long long)r->scenario.scenario_id, r->scenario.name, with);
}

int ioa_stage_report(const struct ioa_report_stage_opts *o, struct ioa_err *err)
{
	struct ioa_report_data r;
	struct ioa_db *db = NULL;
	double t = now_s();
	int ret;

	if (!known_ext(o->output))
		return ioa_error(err, IOA_EINPUT,
				 "%s: unknown output type (use .pdf, .png or .svg)", o->output);
	ret = ioa_db_open(&db, o->c.db, IOA_DB_READ, NULL, err);
	if (ret)
		return ret;
	ret = ioa_db_report_load(db, &r, o->scenario_id, err);
	ioa_db_close(db);
	if (!ret && !o->scenario_id && r.has_scenario)
		say_default(o->c.log, &r);
	if (!ret && r.missing[0])
		ioa_log(o->c.log, IOA_LOG_DEBUG, "%s: not in the database yet: %s\n", o->c.db,
			r.missing);
	if (!ret)
		ret = render(o, &r, err);
	ioa_report_data_release(&r);
	if (!ret)
		ioa_log(o->c.log, IOA_LOG_INFO, "report written in %.2f s\n", now_s() - t);
	return ret;
}

int ioa_cmd_report(int argc, char **argv)
{
	struct report_args a = { "report.pdf", 0 };
	struct ioa_report_stage_opts o;
	struct ioa_err err;
	struct ioa_cli cli;
	int ret;

	ioa_err_clear(&err);
	ioa_cli_init(&cli, "ioaware report");
	ret = parse(&cli, &a, argc, argv);
	if (ret >= 0)
		return ret;
	o = (struct ioa_report_stage_opts){
		.c = { cli.db, &cli.log, stdout, 0 },
		.output = a.out,
		.scenario_id = a.scenario,
	};
	ret = ioa_stage_report(&o, &err);
	return ret ? ioa_cli_fail(&cli, &err, ret) : IOA_EXIT_OK;
}
