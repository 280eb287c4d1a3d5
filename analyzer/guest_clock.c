// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Guest clock alignment by marker pairs (see guest_clock.h): a light pass over each file that
 * only keeps the sync markers, then the smallest pair difference.
 */
#include "guest_clock.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

void ioa_sync_release(struct ioa_sync *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}

void ioa_sync_scan(struct ioa_sync *s, const char *fields, uint64_t ts)
{
	const char *p = fields ? strstr(fields, IOA_SYNC_MARKER) : NULL;
	char *end;
	unsigned long long n;

	if (!p)
		return;
	p += strlen(IOA_SYNC_MARKER);
	n = strtoull(p, &end, 10);
	if (end == p)
		return;
	IOA_GROW(s->v, s->nr, s->alloc);
	s->v[s->nr++] = (struct ioa_sync_mark){ n, ts };
}

struct scan {
	struct ioa_sync *s;
	const char *fields;
};

static void on_fields(void *priv, const char *fields)
{
	struct scan *sc = priv;

	sc->fields = fields;
}

static int on_event(void *priv, const struct ioa_event *ev)
{
	struct scan *sc = priv;

	ioa_sync_scan(sc->s, sc->fields, ev->ts);
	sc->fields = NULL;
	return 0;
}

int ioa_sync_read(struct ioa_sync *s, const char *path, enum ioa_format fmt, struct ioa_err *err)
{
	struct scan sc = { s, NULL };
	struct ioa_event_sink sink = { .priv = &sc, .on_event = on_event,
				       .on_fields = on_fields, .want_fields = 1 };
	struct ioa_trace_meta meta;

	memset(&meta, 0, sizeof(meta));
	if (fmt == IOA_FMT_TRACEDAT)
		return ioa_read_tracedat(path, &sink, &meta, err);
	if (fmt == IOA_FMT_PERF_DATA)
		return ioa_error(err, IOA_EUNSUPPORTED,
				 "%s: sync markers are not read from perf.data; give --guest-offset",
				 path);
	return ioa_read_text(path, fmt, &sink, &meta, err);
}

static int cmp_i64(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;

	return (*x > *y) - (*x < *y);
}

int ioa_sync_align(struct ioa_sync_fit *fit, const struct ioa_sync *host,
		   const struct ioa_sync *guest)
{
	int64_t *d = ioa_xcalloc(guest->nr + 1, sizeof(*d));
	size_t i, j;
	int n = 0;

	memset(fit, 0, sizeof(*fit));
	for (i = 0; i < guest->nr; i++)
		for (j = 0; j < host->nr; j++)
			if (host->v[j].n == guest->v[i].n) {
				d[n++] = (int64_t)host->v[j].ts - (int64_t)guest->v[i].ts;
				break;
			}
	if (n) {
		qsort(d, (size_t)n, sizeof(*d), cmp_i64);
		fit->offset_ns = d[0];
		fit->spread_ns = d[n / 2] - d[0];
	}
	fit->pairs = n;
	free(d);
	return n;
}
