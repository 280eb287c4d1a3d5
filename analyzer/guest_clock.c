// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Guest clock alignment by marker pairs (see guest_clock.h): a light pass over each file that
 * only keeps the sync markers, then the smallest pair difference.
 */
#include "guest_clock.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define MAX_EVENTS 20000 /* events the refinement tries (evenly sampled) */
#define COARSE_NS 50000
#define FINE_NS 1000

void ioa_sync_release(struct ioa_sync *s)
{
	free(s->v);
	free(s->ev);
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

	struct ioa_sync *s = sc->s;

	ioa_sync_scan(s, sc->fields, ev->ts);
	sc->fields = NULL;
	if (s->want_events && ev->cpu >= 0) {
		IOA_GROW(s->ev, s->nev, s->aev);
		s->ev[s->nev++] = (struct ioa_sync_ev){ ev->cpu, ev->ts };
	}
	return 0;
}

int ioa_sync_read(struct ioa_sync *s, const char *path, enum ioa_format fmt, struct ioa_err *err)
{
	struct scan sc = { s, NULL };
	struct ioa_event_sink sink = {
		.priv = &sc, .on_event = on_event, .on_fields = on_fields, .want_fields = 1
	};
	struct ioa_trace_meta meta;

	memset(&meta, 0, sizeof(meta));
	if (fmt == IOA_FMT_TRACEDAT)
		return ioa_read_tracedat(path, &sink, &meta, err);
	if (fmt == IOA_FMT_PERF_DATA)
		return ioa_error(
			err, IOA_EUNSUPPORTED,
			"%s: sync markers are not read from perf.data; give --guest-offset", path);
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

/* events of @g inside their CPU's runs when shifted by @shift; @step samples them */
static size_t count_inside(const struct ioa_sync *g, const struct ioa_sync_runs *runs, int nruns,
			   int64_t shift, size_t step, size_t *counted)
{
	const struct ioa_sync_runs *r;
	size_t i, lo, hi, mid, n = 0;
	uint64_t t;

	*counted = 0;
	for (i = 0; i < g->nev; i += step) {
		if (g->ev[i].cpu >= nruns || !runs[g->ev[i].cpu].nr)
			continue;
		r = &runs[g->ev[i].cpu];
		t = (uint64_t)((int64_t)g->ev[i].ts + shift);
		for (lo = 0, hi = r->nr; lo < hi;) { /* first run starting after t */
			mid = lo + (hi - lo) / 2;
			if (r->v[mid][0] <= t)
				lo = mid + 1;
			else
				hi = mid;
		}
		n += lo > 0 && t <= r->v[lo - 1][1];
		(*counted)++;
	}
	return n;
}

/* the best shift of [lo, hi] by @step ns: the middle of the best ones */
static int64_t best_shift(const struct ioa_sync *g, const struct ioa_sync_runs *runs, int nruns,
			  int64_t offset, int64_t lo, int64_t hi, int64_t step, size_t sample)
{
	int64_t d, first = lo, last = lo;
	size_t n, best = 0, counted;

	for (d = lo; d <= hi; d += step) {
		n = count_inside(g, runs, nruns, offset + d, sample, &counted);
		if (n > best) {
			best = n;
			first = last = d;
		} else if (n == best && last == d - step) {
			last = d;
		}
	}
	return first + (last - first) / 2;
}

int64_t ioa_sync_refine(const struct ioa_sync *guest, const struct ioa_sync_runs *runs, int nruns,
			int64_t offset, int64_t lo, int64_t hi, double *inside0, double *inside)
{
	size_t sample = guest->nev / MAX_EVENTS + 1, counted, n;
	int64_t d;

	n = count_inside(guest, runs, nruns, offset, 1, &counted);
	*inside0 = counted ? (double)n / (double)counted : 0;
	d = best_shift(guest, runs, nruns, offset, lo, hi, COARSE_NS, sample);
	d = best_shift(guest, runs, nruns, offset, IOA_MAX(lo, d - COARSE_NS),
		       IOA_MIN(hi, d + COARSE_NS), FINE_NS, sample);
	n = count_inside(guest, runs, nruns, offset + d, 1, &counted);
	*inside = counted ? (double)n / (double)counted : 0;
	return d;
}
