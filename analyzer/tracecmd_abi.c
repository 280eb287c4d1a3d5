// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * libtracecmd beyond its public header: the one file that declares libtracecmd's private
 * functions, structs and constants (and the one that includes <zlib.h>).
 *
 * They come from trace-cmd's lib/trace-cmd/include/private/trace-cmd-private.h of the version
 * below, which is not installed by distributions. A declaration that does not match the
 * library corrupts memory silently, so the build checks the installed library's version
 * (pkg-config) and refuses any other.
 */
#include "tracecmd_abi.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include <trace-cmd/trace-cmd.h>
#include <traceevent/event-parse.h>

/* CMakeLists.txt defines it only when pkg-config reports libtracecmd 1.3.1 (trace-cmd 3.1.6) */
#ifndef IOA_LIBTRACECMD_1_3_1
#error "the private declarations below are those of libtracecmd 1.3.1, not of the one installed"
#endif

/* ---- private declarations of libtracecmd 1.3.1 ------------------------------------------------
 */

struct tracecmd_output;
struct tracecmd_event_list;
struct tracecmd_option;

enum tracecmd_file_states {
	TRACECMD_FILE_ALLOCATED = 0,
	TRACECMD_FILE_INIT,
	TRACECMD_FILE_HEADERS,
	TRACECMD_FILE_FTRACE_EVENTS,
	TRACECMD_FILE_ALL_EVENTS,
	TRACECMD_FILE_KALLSYMS,
	TRACECMD_FILE_PRINTK,
	TRACECMD_FILE_CMD_LINES,
	TRACECMD_FILE_CPU_COUNT,
	TRACECMD_FILE_OPTIONS,
	TRACECMD_FILE_CPU_LATENCY,
	TRACECMD_FILE_CPU_FLYRECORD,
};

enum {
	TRACECMD_OPTION_CPUSTAT = 2,
	TRACECMD_OPTION_TRACECLOCK = 4,
	TRACECMD_OPTION_UNAME = 5,
};

#define TRACECMD_FL_IN_USECS (1 << 2) /* timestamps are ns (cleared for raw counters) */

struct tracecmd_compression_proto {
	int weight;
	const char *name;
	const char *version;
	int (*compress)(void *ctx, const void *in, int in_bytes, void *out, int out_bytes);
	int (*uncompress)(void *ctx, const void *in, int in_bytes, void *out, int out_bytes);
	unsigned int (*compress_size)(void *ctx, unsigned int bytes);
	bool (*is_supported)(const char *name, const char *version);
	void *(*new_context)(void);
	void (*free_context)(void *ctx);
};

/* reading */
struct tracecmd_input *tracecmd_alloc_fd(int fd, int flags);
int tracecmd_read_headers(struct tracecmd_input *handle, enum tracecmd_file_states state);
unsigned long tracecmd_get_in_file_version(struct tracecmd_input *handle);
int tracecmd_get_file_compress_proto(struct tracecmd_input *handle, const char **name,
				     const char **version);
const char *tracecmd_get_trace_clock(struct tracecmd_input *handle);
const char *tracecmd_get_uname(struct tracecmd_input *handle);
int tracecmd_cpus(struct tracecmd_input *handle);
int tracecmd_long_size(struct tracecmd_input *handle);
unsigned long tracecmd_get_flags(struct tracecmd_input *handle);
int tracecmd_get_parsing_failures(struct tracecmd_input *handle);
int tracecmd_enable_tsync(struct tracecmd_input *handle, bool enable);

/* writing */
struct tracecmd_output *tracecmd_output_create_fd(int fd);
int tracecmd_output_set_version(struct tracecmd_output *handle, int file_version);
int tracecmd_output_set_compression(struct tracecmd_output *handle, const char *compression);
int tracecmd_output_write_headers(struct tracecmd_output *handle, struct tracecmd_event_list *list);
struct tracecmd_option *tracecmd_add_option(struct tracecmd_output *handle, unsigned short id,
					    int size, const void *data);
int tracecmd_write_cmdlines(struct tracecmd_output *handle);
int tracecmd_write_cpus(struct tracecmd_output *handle, int cpus);
int tracecmd_write_buffer_info(struct tracecmd_output *handle);
int tracecmd_write_options(struct tracecmd_output *handle);
int tracecmd_write_cpu_data(struct tracecmd_output *handle, int cpus, char *const *cpu_data_files,
			    const char *buff_name);
void tracecmd_output_close(struct tracecmd_output *handle);
void tracecmd_set_quiet(struct tracecmd_output *handle, bool set_quiet);
struct tracecmd_output *tracecmd_copy(struct tracecmd_input *ihandle, const char *file,
				      enum tracecmd_file_states state, int file_version,
				      const char *compression);

/* compression */
int tracecmd_compress_proto_register(struct tracecmd_compression_proto *proto);
bool tracecmd_compress_is_supported(const char *name, const char *version);

/* ---- reading ----------------------------------------------------------------------------------
 */

struct tracecmd_input *ioa_tcmd_open_fd(int fd, int flags, int *data_failed)
{
	struct tracecmd_input *h = tracecmd_alloc_fd(fd, flags);

	*data_failed = 0;
	if (!h)
		return NULL;
	if (tracecmd_read_headers(h, TRACECMD_FILE_ALLOCATED) < 0)
		return NULL;
	if (tracecmd_init_data(h) < 0) {
		*data_failed = 1;
		return NULL;
	}
	return h;
}

unsigned long ioa_tcmd_file_version(struct tracecmd_input *h)
{
	return tracecmd_get_in_file_version(h);
}

const char *ioa_tcmd_compression(struct tracecmd_input *h)
{
	const char *name = NULL, *version = NULL;

	if (tracecmd_get_file_compress_proto(h, &name, &version) || !name)
		return "none";
	return name;
}

const char *ioa_tcmd_trace_clock(struct tracecmd_input *h)
{
	return tracecmd_get_trace_clock(h);
}

bool ioa_tcmd_ts_in_ns(struct tracecmd_input *h)
{
	return !!(tracecmd_get_flags(h) & TRACECMD_FL_IN_USECS);
}

const char *ioa_tcmd_uname(struct tracecmd_input *h)
{
	return tracecmd_get_uname(h);
}

int ioa_tcmd_cpus(struct tracecmd_input *h)
{
	return tracecmd_cpus(h);
}

int ioa_tcmd_long_size(struct tracecmd_input *h)
{
	int n = tep_get_long_size(tracecmd_get_tep(h));

	return n ? n : tracecmd_long_size(h);
}

int ioa_tcmd_parsing_failures(struct tracecmd_input *h)
{
	return tracecmd_get_parsing_failures(h);
}

void ioa_tcmd_enable_tsync(struct tracecmd_input *h)
{
	tracecmd_enable_tsync(h, true);
}

/* ---- the zlib codec ---------------------------------------------------------------------------
 */

#define ZLIB_CODEC_NAME "zlib"
/* same weight as trace-cmd's own zlib codec: zstd (weight 5) stays preferred for writing */
#define ZLIB_CODEC_WEIGHT 10

static int zlib_errno(int zret)
{
	switch (zret) {
	case Z_BUF_ERROR:
		return ENOBUFS;
	case Z_MEM_ERROR:
		return ENOMEM;
	case Z_DATA_ERROR:
	case Z_STREAM_ERROR:
		return EINVAL;
	default:
		return EIO;
	}
}

/* libtracecmd convention: bytes written, or -1 with errno set */
static int zlib_codec_compress(void *ctx, const void *in, int in_bytes, void *out, int out_bytes)
{
	uLongf out_len = (uLongf)out_bytes;
	int zret;

	(void)ctx;
	if (in_bytes < 0 || out_bytes < 0) {
		errno = EINVAL;
		return -1;
	}
	zret = compress2(out, &out_len, in, (uLong)in_bytes, Z_BEST_COMPRESSION);
	if (zret != Z_OK) {
		errno = zlib_errno(zret);
		return -1;
	}
	return (int)out_len;
}

static int zlib_codec_uncompress(void *ctx, const void *in, int in_bytes, void *out, int out_bytes)
{
	uLongf out_len = (uLongf)out_bytes;
	int zret;

	(void)ctx;
	if (in_bytes < 0 || out_bytes < 0) {
		errno = EINVAL;
		return -1;
	}
	zret = uncompress(out, &out_len, in, (uLong)in_bytes);
	if (zret != Z_OK) {
		errno = zlib_errno(zret);
		return -1;
	}
	return (int)out_len;
}

static unsigned int zlib_codec_bound(void *ctx, unsigned int bytes)
{
	(void)ctx;
	return (unsigned int)compressBound(bytes);
}

/* the zlib stream format has not changed since 1.0: any recorded version decodes */
static bool zlib_codec_is_supported(const char *name, const char *version)
{
	(void)version;
	return name && !strcmp(name, ZLIB_CODEC_NAME);
}

/*
 * The library copies the descriptor into its own list, so no global state is needed here; a
 * second registration is refused by the library, which makes registering idempotent.
 */
int ioa_tcmd_zlib_register(void)
{
	struct tracecmd_compression_proto proto = {
		.weight = ZLIB_CODEC_WEIGHT,
		.name = ZLIB_CODEC_NAME,
		.version = zlibVersion(),
		.compress = zlib_codec_compress,
		.uncompress = zlib_codec_uncompress,
		.compress_size = zlib_codec_bound,
		.is_supported = zlib_codec_is_supported,
	};

	if (tracecmd_compress_proto_register(&proto) == 0)
		return 0;
	/* refused: fine when zlib is already known (registered before, or built in) */
	return tracecmd_compress_is_supported(ZLIB_CODEC_NAME, zlibVersion()) ? 0 : -1;
}

/* ---- writing ----------------------------------------------------------------------------------
 */

struct ioa_tcmd_out *ioa_tcmd_out_open(int fd, int version, const char *compression)
{
	struct tracecmd_output *out;

	ioa_tcmd_zlib_register();
	out = tracecmd_output_create_fd(fd);
	if (!out)
		return NULL;
	if (tracecmd_output_set_version(out, version) ||
	    tracecmd_output_set_compression(out, compression)) {
		tracecmd_output_close(out);
		return NULL;
	}
	tracecmd_set_quiet(out, true);
	return (struct ioa_tcmd_out *)out;
}

int ioa_tcmd_out_option(struct ioa_tcmd_out *out, enum ioa_tcmd_option opt, const char *text)
{
	static const unsigned short ids[] = {
		[IOA_TCMD_OPT_CPUSTAT] = TRACECMD_OPTION_CPUSTAT,
		[IOA_TCMD_OPT_UNAME] = TRACECMD_OPTION_UNAME,
		[IOA_TCMD_OPT_TRACECLOCK] = TRACECMD_OPTION_TRACECLOCK,
	};
	int size = text ? (int)strlen(text) + 1 : 0;

	return tracecmd_add_option((struct tracecmd_output *)out, ids[opt], size, text) ? 0 : -1;
}

int ioa_tcmd_out_write(struct ioa_tcmd_out *out, int cpus, char *const *cpu_files)
{
	struct tracecmd_output *o = (struct tracecmd_output *)out;

	if (tracecmd_output_write_headers(o, NULL) || tracecmd_write_cmdlines(o) ||
	    tracecmd_write_cpus(o, cpus) || tracecmd_write_buffer_info(o) ||
	    tracecmd_write_options(o))
		return -1;
	return tracecmd_write_cpu_data(o, cpus, cpu_files, NULL) ? -1 : 0;
}

void ioa_tcmd_out_close(struct ioa_tcmd_out *out)
{
	if (out)
		tracecmd_output_close((struct tracecmd_output *)out);
}

int ioa_tcmd_convert(const char *in, const char *out, int version, const char *compression)
{
	struct tracecmd_input *ih;
	struct tracecmd_output *oh;

	ioa_tcmd_zlib_register();
	ih = tracecmd_open_head(in, TRACECMD_FL_LOAD_NO_PLUGINS);
	if (!ih)
		return -1;
	oh = tracecmd_copy(ih, out, TRACECMD_FILE_CPU_FLYRECORD, version, compression);
	if (oh)
		tracecmd_output_close(oh);
	tracecmd_close(ih);
	return oh ? 0 : -1;
}
