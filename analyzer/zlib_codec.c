// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * zlib codec for libtracecmd: the one file that includes <zlib.h>.
 *
 * libtracecmd keeps a list of compression algorithms and looks the file's algorithm up by name
 * when it opens a v7 trace.dat. Debian's libtracecmd is built without zlib, so v7 files written
 * with zlib sections cannot be read unless we register zlib ourselves through the exported
 * tracecmd_compress_proto_register(). The library copies the descriptor into its own list, so
 * no global state is needed here; a second registration is refused by the library, which makes
 * registering idempotent.
 */
#include "zlib_codec.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <zlib.h>

/*
 * Not in libtracecmd's public header: the descriptor and the registration call come from
 * trace-cmd 3.1.x lib/trace-cmd/include/private/trace-cmd-private.h. The layout must match the
 * installed library exactly; it has been stable since compression appeared (trace-cmd 3.0).
 */
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

int tracecmd_compress_proto_register(struct tracecmd_compression_proto *proto);
bool tracecmd_compress_is_supported(const char *name, const char *version);

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

int ioa_zlib_codec_register(void)
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
