/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Command-line plumbing shared by the cmd_*() functions: the options every command takes
 * (--db, -q, -v, -h), error reporting and exit codes. Only this directory prints errors.
 */
#ifndef IOA_CLI_H
#define IOA_CLI_H

#include <getopt.h>

#include "error.h"
#include "util.h"

#define IOA_DEFAULT_DB "ioaware.db"

struct ioa_cli {
	const char *prog; /* "ioaware ingest" */
	const char *db;
	struct ioa_log log;
};

/* long option values of the common options (short ones use their letter) */
enum {
	IOA_OPT_DB = 0x100,
	IOA_OPT_ALIGN, /* the scenario options of optimize, run and plan */
	IOA_OPT_REPEAT,
	IOA_OPT_REPEAT_SEED,
	IOA_OPT__FIRST_CMD = 0x200, /* commands number their own long options from here */
};

#define IOA_COMMON_LONGOPTS                                                                        \
	{ "db", required_argument, NULL, IOA_OPT_DB }, { "quiet", no_argument, NULL, 'q' },        \
		{ "verbose", no_argument, NULL, 'v' },                                             \
	{                                                                                          \
		"help", no_argument, NULL, 'h'                                                     \
	}

#define IOA_COMMON_SHORTOPTS "qvh"

/* how several traces become one scenario (commands that build scenarios from traces) */
#define IOA_SCENARIO_LONGOPTS                                                                      \
	{ "align", required_argument, NULL, IOA_OPT_ALIGN },                                       \
		{ "repeat", required_argument, NULL, IOA_OPT_REPEAT },                             \
	{                                                                                          \
		"repeat-seed", required_argument, NULL, IOA_OPT_REPEAT_SEED                        \
	}

#define IOA_SCENARIO_HELP                                                                          \
	"  --align A           several traces: start (default) aligns every trace's first\n"       \
	"                      event with the first trace's; clock keeps the timestamps\n"         \
	"                      as recorded (traces of one host on one clock)\n"                    \
	"  --repeat K          add K-1 time-shifted copies of every VM (growth): copy k is\n"      \
	"                      shifted by an offset drawn uniformly from [0, span) by the\n"       \
	"                      seeded generator, span = the scenario's length (default 1)\n"       \
	"  --repeat-seed S     seed of those offsets (default 1; the same seed, the same\n"        \
	"                      offsets)\n"

#define IOA_COMMON_HELP                                                                            \
	"  --db FILE       database (default " IOA_DEFAULT_DB ")\n"                                \
	"  -q, --quiet     only errors on stderr\n"                                                \
	"  -v, --verbose   more detail on stderr\n"                                                \
	"  -h, --help      this help\n"

#define IOA_EXIT_HELP                                                                              \
	"Exit codes: 0 ok, 1 bad input or data error, 2 usage error, 3 no feasible schedule,\n"    \
	"            4 environment or internal error (permission, memory, missing tool, a bug).\n"

void ioa_cli_init(struct ioa_cli *cli, const char *prog);

/**
 * ioa_cli_common() - handle one of the common options
 * Returns 1 when @opt was a common option (handled), 0 when not, and sets *exit_now to the
 * exit code when the command must stop (help printed: 0; unknown option: 2).
 */
int ioa_cli_common(struct ioa_cli *cli, int opt, const char *help, int *exit_now);

struct ioa_consol_opts;

/**
 * ioa_cli_scenario_opt() - handle --align, --repeat or --repeat-seed into @o
 * Returns 1 when @opt was one of them; *exit_now is then 0, or 2 after a usage error.
 */
int ioa_cli_scenario_opt(struct ioa_cli *cli, struct ioa_consol_opts *o, int opt, int *exit_now);

/* print "PROG: message" for an error and return its exit code */
int ioa_cli_fail(const struct ioa_cli *cli, const struct ioa_err *err, int code);

/* print a usage error and return 2 */
int ioa_cli_usage(const struct ioa_cli *cli, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* JSON string output with escaping */
void ioa_json_str(FILE *out, const char *s);

/* the subcommands */
int ioa_cmd_ingest(int argc, char **argv);
int ioa_cmd_info(int argc, char **argv);
int ioa_cmd_run(int argc, char **argv);
int ioa_cmd_classify(int argc, char **argv);
int ioa_cmd_show(int argc, char **argv);
int ioa_cmd_show_semantics(int argc, char **argv);
int ioa_cmd_show_tasks(int argc, char **argv);
int ioa_cmd_show_devices(int argc, char **argv);
int ioa_cmd_record(int argc, char **argv);
int ioa_cmd_optimize(int argc, char **argv);
int ioa_cmd_report(int argc, char **argv);
int ioa_cmd_simulate(int argc, char **argv);
int ioa_cmd_synth(int argc, char **argv);
int ioa_cmd_sweep(int argc, char **argv);
int ioa_cmd_plan(int argc, char **argv);
int ioa_cmd_export(int argc, char **argv);

#endif
