/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What ioaware needs from libtracecmd beyond its public header <trace-cmd/trace-cmd.h>: the
 * file metadata of an open trace.dat, the step-wise open, the output API (writing a trace.dat)
 * and the compression codec list (registering zlib). Those functions are exported by
 * libtracecmd.so but declared only in trace-cmd's private header, which distributions do not
 * install; tracecmd_abi.c is the one file that declares them, for the exact library version the
 * build checked (CMakeLists.txt refuses any other).
 */
#ifndef IOA_TRACECMD_ABI_H
#define IOA_TRACECMD_ABI_H

#include <stdbool.h>

struct tracecmd_input;
struct ioa_tcmd_out;

/* ---- reading --------------------------------------------------------------------------------- */

/**
 * ioa_tcmd_open_fd() - tracecmd_open_fd() in its two steps (allocate + read headers, then
 * load the data), so that a failing second step can be told apart: libtracecmd 1.3.1 crashes
 * closing a handle whose data failed to load, so on that failure the handle is dropped
 * (leaked, a few KiB) and *@data_failed set. Returns the handle, or NULL (@fd stays open: the
 * caller closes it).
 */
struct tracecmd_input *ioa_tcmd_open_fd(int fd, int flags, int *data_failed);

/* the file's format version (6, 7) */
unsigned long ioa_tcmd_file_version(struct tracecmd_input *h);
/* the compression of the file's sections: "zstd", "zlib", or "none" */
const char *ioa_tcmd_compression(struct tracecmd_input *h);
/* the trace clock ("local", "x86-tsc", ...), NULL when the file does not say */
const char *ioa_tcmd_trace_clock(struct tracecmd_input *h);
/* true while timestamps are nanoseconds (false: raw counter cycles) */
bool ioa_tcmd_ts_in_ns(struct tracecmd_input *h);
/* the uname option of the file, NULL when absent */
const char *ioa_tcmd_uname(struct tracecmd_input *h);
int ioa_tcmd_cpus(struct tracecmd_input *h);
int ioa_tcmd_long_size(struct tracecmd_input *h);
/* event formats libtraceevent could not parse */
int ioa_tcmd_parsing_failures(struct tracecmd_input *h);
/* apply the guest file's TimeShift/TSC2NSEC options (host clock) */
void ioa_tcmd_enable_tsync(struct tracecmd_input *h);

/* ---- the zlib codec -------------------------------------------------------------------------- */

/**
 * ioa_tcmd_zlib_register() - make libtracecmd able to read and write zlib-compressed sections
 * (Debian builds it without zlib). Idempotent. Returns 0 when libtracecmd knows zlib
 * afterwards (registered now, before, or built in), -1 otherwise.
 */
int ioa_tcmd_zlib_register(void);

/* ---- writing --------------------------------------------------------------------------------- */

enum ioa_tcmd_option {
	IOA_TCMD_OPT_CPUSTAT,	 /* text of per_cpu/cpuN/stats, one option per CPU */
	IOA_TCMD_OPT_UNAME,	 /* "sysname nodename release version machine" */
	IOA_TCMD_OPT_TRACECLOCK, /* the trace_clock file of the tracing directory */
};

/**
 * ioa_tcmd_out_open() - start a trace.dat on @fd (which the handle then owns) in format
 * @version with @compression ("any", "none", "zstd", "zlib"). Returns NULL on failure.
 */
struct ioa_tcmd_out *ioa_tcmd_out_open(int fd, int version, const char *compression);

/* add an option (@text NUL-terminated; NULL for IOA_TCMD_OPT_TRACECLOCK); 0 or -1 */
int ioa_tcmd_out_option(struct ioa_tcmd_out *out, enum ioa_tcmd_option opt, const char *text);

/**
 * ioa_tcmd_out_write() - write headers and event formats of the local tracing directory,
 * saved cmdlines, CPU count, the options, then @cpus per-CPU ring-buffer page files as the
 * top-level buffer. Returns 0 or -1.
 */
int ioa_tcmd_out_write(struct ioa_tcmd_out *out, int cpus, char *const *cpu_files);

/* finish and close (also after a failed write); NULL is fine */
void ioa_tcmd_out_close(struct ioa_tcmd_out *out);

/**
 * ioa_tcmd_convert() - copy the trace.dat @in to @out in format @version with @compression
 * (what `trace-cmd convert` does, with ioaware's zlib codec available). Returns 0 or -1.
 */
int ioa_tcmd_convert(const char *in, const char *out, int version, const char *compression);

#endif
