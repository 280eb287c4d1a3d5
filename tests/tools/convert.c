// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Test helper: `convert IN OUT VERSION COMPRESSION` copies a trace.dat like `trace-cmd
 * convert`, with ioaware's zlib codec registered, so that the tests can make a zlib-compressed
 * v7 file from traces/ (Debian's trace-cmd cannot: its libtracecmd lacks zlib).
 */
#include <stdio.h>
#include <stdlib.h>

#include "tracecmd_abi.h"

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: %s IN OUT VERSION COMPRESSION\n", argv[0]);
		return 2;
	}
	if (ioa_tcmd_convert(argv[1], argv[2], atoi(argv[3]), argv[4])) {
		fprintf(stderr, "%s: cannot convert %s to v%s/%s\n", argv[0], argv[1], argv[3],
			argv[4]);
		return 1;
	}
	return 0;
}
