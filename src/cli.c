// SPDX-License-Identifier: GPL-3.0-or-later
/* Common options, error printing and JSON escaping for the commands. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>

#include "consol.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void ioa_cli_init(struct ioa_cli *cli, const char *prog)
{
	memset(cli, 0, sizeof(*cli));
	cli->prog = prog;
	cli->db = IOA_DEFAULT_DB;
	cli->log.level = IOA_LOG_WARN;
	cli->log.out = stderr;
	cli->log.progress = isatty(STDERR_FILENO);
}

int ioa_cli_common(struct ioa_cli *cli, int opt, const char *help, int *exit_now)
{
	*exit_now = -1;
	switch (opt) {
	case IOA_OPT_DB:
		cli->db = optarg;
		return 1;
	case 'q':
		cli->log.level = IOA_LOG_ERROR;
		cli->log.progress = 0;
		return 1;
	case 'v':
		cli->log.level = IOA_LOG_DEBUG;
		return 1;
	case 'h':
		fputs(help, stdout);
		*exit_now = IOA_EXIT_OK;
		return 1;
	case '?':
		fprintf(stderr, "Try '%s --help'.\n", cli->prog);
		*exit_now = IOA_EXIT_USAGE;
		return 1;
	}
	return 0;
}

int ioa_cli_fail(const struct ioa_cli *cli, const struct ioa_err *err, int code)
{
	if (err && err->code && err->msg[0])
		fprintf(stderr, "%s: %s\n", cli->prog, err->msg);
	else
		fprintf(stderr, "%s: %s\n", cli->prog, ioa_strerror(code));
	return ioa_exit_code(code);
}

int ioa_cli_usage(const struct ioa_cli *cli, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", cli->prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help'.\n", cli->prog);
	return IOA_EXIT_USAGE;
}

void ioa_json_str(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	fputc('"', out);
	for (; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(out, "\\u%04x", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

int ioa_cli_scenario_opt(struct ioa_cli *cli, struct ioa_consol_opts *o, int opt, int *exit_now)
{
	char *end;
	long long v;

	*exit_now = 0;
	if (opt != IOA_OPT_ALIGN && opt != IOA_OPT_REPEAT && opt != IOA_OPT_REPEAT_SEED)
		return 0;
	if (opt == IOA_OPT_ALIGN) {
		o->align = !strcmp(optarg, "clock") ? IOA_ALIGN_CLOCK : IOA_ALIGN_START;
		if (strcmp(optarg, "clock") && strcmp(optarg, "start"))
			*exit_now = ioa_cli_usage(cli, "--align: want start or clock, not '%s'",
						  optarg);
		return 1;
	}
	errno = 0;
	v = strtoll(optarg, &end, 10);
	if (errno || *end || end == optarg || v < (opt == IOA_OPT_REPEAT ? 1 : 0) ||
	    (opt == IOA_OPT_REPEAT && v > 1000))
		*exit_now = ioa_cli_usage(cli, "--%s: '%s': want %s",
					  opt == IOA_OPT_REPEAT ? "repeat" : "repeat-seed", optarg,
					  opt == IOA_OPT_REPEAT ? "1..1000" : "an integer >= 0");
	else if (opt == IOA_OPT_REPEAT)
		o->repeat = (int)v;
	else
		o->seed = (uint64_t)v;
	return 1;
}
