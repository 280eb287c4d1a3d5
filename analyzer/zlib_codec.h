/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A zlib codec for libtracecmd. Debian builds libtracecmd without zlib, yet trace.dat v7 files
 * are often zlib-compressed; registering this codec lets libtracecmd read them.
 */
#ifndef IOA_ZLIB_CODEC_H
#define IOA_ZLIB_CODEC_H

/**
 * ioa_zlib_codec_register() - make libtracecmd able to read zlib-compressed trace.dat files
 *
 * Idempotent: safe to call before every tracecmd_open(). Returns 0 when libtracecmd can read
 * zlib sections afterwards (registered now, earlier, or built in), -1 otherwise.
 */
int ioa_zlib_codec_register(void);

#endif
