// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Input format names and detection from content. Pure: looks only at the bytes it is given
 * (the first few KiB of a file), never at the file name. Binary formats are told by their
 * magic; text formats by their header or, when headerless, by the shape of the first event
 * line (how the thread id is attached to the comm, a TGID column).
 */
#include <string.h>

#include "reader.h"
#include "text_priv.h"
#include "util.h"

#define DETECT_MAX_LINES 64

static const struct {
	enum ioa_format fmt;
	const char *name;
} format_names[] = {
	{ IOA_FMT_TRACEDAT, "trace.dat" }, { IOA_FMT_TRACEFS, "tracefs" },
	{ IOA_FMT_REPORT, "report" },	   { IOA_FMT_PERF_SCRIPT, "perf-script" },
	{ IOA_FMT_ANDROID, "android" },	   { IOA_FMT_PERF_DATA, "perf.data" },
};

/* accepted by --format besides the canonical names */
static const struct {
	enum ioa_format fmt;
	const char *name;
} format_aliases[] = {
	{ IOA_FMT_TRACEDAT, "dat" },	 { IOA_FMT_TRACEFS, "ftrace" },
	{ IOA_FMT_REPORT, "trace-cmd" }, { IOA_FMT_PERF_SCRIPT, "perf" },
	{ IOA_FMT_ANDROID, "systrace" }, { IOA_FMT_PERF_DATA, "perf-data" },
};

const char *ioa_format_name(enum ioa_format f)
{
	size_t i;

	for (i = 0; i < IOA_ARRAY_SIZE(format_names); i++)
		if (format_names[i].fmt == f)
			return format_names[i].name;
	return "unknown";
}

enum ioa_format ioa_format_parse(const char *name)
{
	size_t i;

	if (!name)
		return IOA_FMT_UNKNOWN;
	for (i = 0; i < IOA_ARRAY_SIZE(format_names); i++)
		if (!strcmp(format_names[i].name, name))
			return format_names[i].fmt;
	for (i = 0; i < IOA_ARRAY_SIZE(format_aliases); i++)
		if (!strcmp(format_aliases[i].name, name))
			return format_aliases[i].fmt;
	return IOA_FMT_UNKNOWN;
}

static int has_prefix(const char *p, size_t len, const char *pfx)
{
	size_t n = strlen(pfx);

	return len >= n && !memcmp(p, pfx, n);
}

/* what a header line says: a format, or "keep looking" (UNKNOWN); *tracer / *tgid noted */
static enum ioa_format header_line(const char *p, size_t len, int *tracer, int *tgid)
{
	uint64_t v;

	if (has_prefix(p, len, "# tracer:")) {
		*tracer = 1;
	} else if (p[0] == '#') {
		if (len > 5 && memmem(p, len, "TGID", 4))
			*tgid = 1;
	} else if (has_prefix(p, len, "cpus=") && ioa_scan_dec(p + 5, len - 5, &v)) {
		return IOA_FMT_REPORT;
	}
	return IOA_FMT_UNKNOWN;
}

/* the format an event line's shape implies */
static enum ioa_format event_line(const char *p, size_t len, int tgid)
{
	struct ioa_text_prefix pf;
	const char *why;

	if (ioa_text_prefix_parse(&pf, p, len, &why))
		return IOA_FMT_UNKNOWN;
	if (pf.has_tgid || tgid)
		return IOA_FMT_ANDROID;
	if (pf.style != IOA_STYLE_DASH || pf.sys)
		return IOA_FMT_PERF_SCRIPT;
	return IOA_FMT_TRACEFS; /* with a "# tracer:" header or headerless ftrace text */
}

static enum ioa_format detect_text(const char *buf, size_t len)
{
	int tracer = 0, tgid = 0, lines = 0;
	const char *p = buf, *end = buf + len, *nl;
	enum ioa_format f = IOA_FMT_UNKNOWN;
	size_t n;

	while (p < end && lines++ < DETECT_MAX_LINES && f == IOA_FMT_UNKNOWN) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		while (n && (*p == ' ' || *p == '\t')) {
			p++;
			n--;
		}
		if (n) {
			f = header_line(p, n, &tracer, &tgid);
			if (f == IOA_FMT_UNKNOWN && p[0] != '#')
				f = event_line(p, n, tgid);
		}
		p += n + 1;
	}
	if (f == IOA_FMT_UNKNOWN && tracer)
		f = tgid ? IOA_FMT_ANDROID : IOA_FMT_TRACEFS; /* only a header: empty trace */
	return f;
}

enum ioa_format ioa_format_detect(const char *buf, size_t len)
{
	if (!buf)
		return IOA_FMT_UNKNOWN;
	if (len >= 10 && !memcmp(buf, "\x17\x08\x44tracing", 10))
		return IOA_FMT_TRACEDAT;
	if (len >= 8 && !memcmp(buf, "PERFILE2", 8))
		return IOA_FMT_PERF_DATA;
	if (memchr(buf, '\0', len))
		return IOA_FMT_UNKNOWN; /* binary, and not a format we know */
	return detect_text(buf, len);
}
