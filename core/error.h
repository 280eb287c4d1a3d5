/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The one error table of ioaware. Functions that can fail return 0 or a negative IOA_E* code;
 * the detailed message (file, position) travels in a struct ioa_err filled by the callee, and
 * only main()/cmd_*() print it. The exit code of a command is derived from the error code.
 */
#ifndef IOA_ERROR_H
#define IOA_ERROR_H

#include <stdarg.h>

enum ioa_errcode {
	IOA_OK = 0,
	IOA_EUSAGE = -1,       /* bad command line */
	IOA_EINPUT = -2,       /* bad input file: corrupt, truncated, wrong format */
	IOA_ENODATA = -3,      /* input holds no event data */
	IOA_EIO = -4,	       /* cannot read or write a file */
	IOA_EDB = -5,	       /* database error (corrupt, read-only, schema too new) */
	IOA_EBUSY = -6,	       /* database locked by another writer for too long */
	IOA_ENOMEM = -7,       /* out of memory or a resource limit */
	IOA_ECRASH = -8,       /* an isolated reader crashed on the input */
	IOA_EUNSUPPORTED = -9, /* valid input this build cannot read (missing tool) */
	IOA_EINTERNAL = -10,   /* a bug */
	IOA_EINTR = -11,       /* interrupted by the user */
	IOA_EINFEASIBLE = -12, /* no feasible schedule */
	IOA_ENV = -13,	       /* environment: missing library, tool or permission */
	IOA_ERR__COUNT = 14,
};

/* process exit codes, documented in --help and README */
enum ioa_exit {
	IOA_EXIT_OK = 0,
	IOA_EXIT_DATA = 1,
	IOA_EXIT_USAGE = 2,
	IOA_EXIT_INFEASIBLE = 3, /* the optimizer proved there is no feasible schedule */
	IOA_EXIT_ENV = 4,	 /* environment (permission, missing tool), memory, a bug */
};

#define IOA_ERRMSG_LEN 512

struct ioa_err {
	int code;
	char msg[IOA_ERRMSG_LEN];
};

/**
 * ioa_strerror() - short fixed description of an error code
 * @code: IOA_E* (negative) or 0
 */
const char *ioa_strerror(int code);

/**
 * ioa_exit_code() - the process exit code for an error code (enum ioa_exit)
 */
int ioa_exit_code(int code);

/**
 * ioa_error() - record @code and a printf-style message in @err (may be NULL)
 *
 * Keeps the first message: a callee's precise message is not overwritten by a caller's
 * vaguer one. Returns @code so that callers can write `return ioa_error(err, ...)`.
 */
int ioa_error(struct ioa_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int ioa_verror(struct ioa_err *err, int code, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/** ioa_err_clear() - forget a recorded error */
void ioa_err_clear(struct ioa_err *err);

#endif
