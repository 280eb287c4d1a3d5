// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * ioaware: the thin executable. A command table dispatches to cmd_<name>(); invoked as
 * `ioaware-ingest` it is `ioaware ingest`.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

#ifndef IOA_VERSION
#define IOA_VERSION "0.0.0"
#endif

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
};

static const struct command commands[] = {
	{ "run", ioa_cmd_run, "the whole pipeline: ingest .. report, in one command" },
	{ "ingest", ioa_cmd_ingest, "read traces (trace.dat, text, perf) into the database" },
	{ "info", ioa_cmd_info, "show what the database holds per trace" },
	{ "classify", ioa_cmd_classify, "label vCPU segments by I/O category, with evidence" },
	{ "show", ioa_cmd_show, "segments, guest tasks, devices, exit semantics (show --help)" },
	{ "record", ioa_cmd_record, "capture a trace.dat of this host through tracefs" },
	{ "optimize", ioa_cmd_optimize, "placements: bounds, heuristic, GLPK ILP (--psplib)" },
	{ "report", ioa_cmd_report, "render the database as a PDF report (or PNG/SVG pages)" },
	{ "simulate", ioa_cmd_simulate, "execute stored schedules under I/O contention" },
	{ "synth", ioa_cmd_synth, "write a synthetic scenario (or --preset paper)" },
	{ "plan", ioa_cmd_plan, "how many cores each policy needs within latency budgets" },
	{ "sweep", ioa_cmd_sweep, "what-if over pCPUs, modes, caps; --random distribution" },
	{ "export", ioa_cmd_export, "schedules as Chrome trace-event JSON (Perfetto UI)" },
};

static void usage(FILE *out)
{
	size_t i;

	fprintf(out, "Usage: ioaware COMMAND [OPTIONS] [ARGS]\n\n"
		     "Interference-aware vCPU analysis of kernel traces of virtualized hosts.\n\n"
		     "Commands:\n");
	for (i = 0; i < IOA_ARRAY_SIZE(commands); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].help);
	fprintf(out, "\nOptions of every command:\n" IOA_COMMON_HELP
		     "\n'ioaware COMMAND --help' shows a command's options and examples.\n"
		     "'ioaware --version' prints the version.\n\n" IOA_EXIT_HELP);
}

static const struct command *find(const char *name)
{
	size_t i;

	for (i = 0; i < IOA_ARRAY_SIZE(commands); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

int main(int argc, char **argv)
{
	const char *base = strrchr(argv[0], '/');
	const struct command *cmd;

	ioa_mem_keep();
	base = base ? base + 1 : argv[0];
	if (!strcmp(base, "ioaware-ingest"))
		return ioa_cmd_ingest(argc, argv);
	if (argc < 2) {
		usage(stderr);
		return IOA_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return IOA_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("ioaware %s\n", IOA_VERSION);
		return IOA_EXIT_OK;
	}
	cmd = find(argv[1]);
	if (!cmd) {
		fprintf(stderr, "ioaware: unknown command '%s'\nTry 'ioaware --help'.\n", argv[1]);
		return IOA_EXIT_USAGE;
	}
	return cmd->fn(argc - 1, argv + 1);
}
