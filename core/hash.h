/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Content hashes of input files (the identity of a trace in the database). */
#ifndef IOA_HASH_H
#define IOA_HASH_H

#include <stdint.h>

#include "error.h"

/**
 * ioa_sha256_file() - hex SHA-256 of a file's content
 * @hex: out, 65 bytes; @size: out, file size in bytes
 * Errors: IOA_EIO naming the file.
 */
int ioa_sha256_file(char hex[65], int64_t *size, const char *path, struct ioa_err *err);

#endif
