// SPDX-License-Identifier: GPL-3.0-or-later
/* Common options, error printing and JSON escaping for the commands. */
#include "cli.h"

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
