// SPDX-License-Identifier: GPL-3.0-or-later
/* The error table: one message and one exit code per IOA_E* code. */
#include "error.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *msg;
	int exit;
} errtab[IOA_ERR__COUNT] = {
	[0] = { "success", IOA_EXIT_OK },
	[-IOA_EUSAGE] = { "usage error", IOA_EXIT_USAGE },
	[-IOA_EINPUT] = { "bad input", IOA_EXIT_DATA },
	[-IOA_ENODATA] = { "no event data", IOA_EXIT_DATA },
	[-IOA_EIO] = { "i/o error", IOA_EXIT_DATA },
	[-IOA_EDB] = { "database error", IOA_EXIT_DATA },
	[-IOA_EBUSY] = { "database busy", IOA_EXIT_DATA },
	[-IOA_ENOMEM] = { "out of memory", IOA_EXIT_ENV },
	[-IOA_ECRASH] = { "reader crashed on input", IOA_EXIT_DATA },
	[-IOA_EUNSUPPORTED] = { "unsupported input", IOA_EXIT_DATA },
	[-IOA_EINTERNAL] = { "internal error", IOA_EXIT_ENV },
	[-IOA_EINTR] = { "interrupted", IOA_EXIT_DATA },
	[-IOA_EINFEASIBLE] = { "no feasible schedule", IOA_EXIT_INFEASIBLE },
	[-IOA_ENV] = { "environment error", IOA_EXIT_ENV },
};

static int valid(int code)
{
	return code <= 0 && code > -IOA_ERR__COUNT;
}

const char *ioa_strerror(int code)
{
	return valid(code) ? errtab[-code].msg : "unknown error";
}

int ioa_exit_code(int code)
{
	return valid(code) ? errtab[-code].exit : IOA_EXIT_ENV;
}

int ioa_verror(struct ioa_err *err, int code, const char *fmt, va_list ap)
{
	if (!err || err->code)
		return code;
	err->code = code;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	return code;
}

int ioa_error(struct ioa_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ioa_verror(err, code, fmt, ap);
	va_end(ap);
	return code;
}

void ioa_err_clear(struct ioa_err *err)
{
	if (!err)
		return;
	err->code = 0;
	err->msg[0] = '\0';
}
