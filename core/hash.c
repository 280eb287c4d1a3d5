// SPDX-License-Identifier: GPL-3.0-or-later
/* SHA-256 of input files: the only file that includes OpenSSL (libcrypto). */
#include "hash.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HASH_CHUNK (1 << 20)

static int hash_fd(EVP_MD_CTX *ctx, int fd, int64_t *size, unsigned char *buf)
{
	ssize_t n;

	*size = 0;
	while ((n = read(fd, buf, HASH_CHUNK)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		EVP_DigestUpdate(ctx, buf, (size_t)n);
		*size += n;
	}
	return 0;
}

int ioa_sha256_file(char hex[65], int64_t *size, const char *path, struct ioa_err *err)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned char *buf = NULL;
	unsigned int len = 0, i;
	EVP_MD_CTX *ctx = NULL;
	int fd, ret = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ioa_error(err, IOA_EIO, "%s: %s", path, strerror(errno));
	ctx = EVP_MD_CTX_new();
	buf = malloc(HASH_CHUNK);
	if (!ctx || !buf || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)) {
		ret = ioa_error(err, IOA_ENOMEM, "%s: cannot hash", path);
		goto out;
	}
	if (hash_fd(ctx, fd, size, buf)) {
		ret = ioa_error(err, IOA_EIO, "%s: %s", path, strerror(errno));
		goto out;
	}
	EVP_DigestFinal_ex(ctx, md, &len);
	for (i = 0; i < len && i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	hex[64] = '\0';
out:
	free(buf);
	EVP_MD_CTX_free(ctx);
	close(fd);
	return ret;
}
