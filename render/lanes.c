// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Reduction of what is below a pixel: timeline spans bucketed per lane and pixel column, and
 * utilisation step series reduced to their per-column maximum. Both bound what is drawn by the
 * page size, not by the data size. Also a tiny reader for the flat JSON of sweep peaks.
 */
#include "layout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static void accumulate(double *acc, const struct ioa_rep_span *sp, int lanes, double t0,
		       double colw, int cols)
{
	double s = IOA_MAX((double)sp->start_ns, t0),
	       e = IOA_MIN((double)sp->end_ns, t0 + colw * cols);
	double *lane;
	int c, c0, c1;

	if (sp->lane < 0 || sp->lane >= lanes || e <= s)
		return;
	lane = acc + (size_t)sp->lane * cols * IOA_REP_NCAT;
	c0 = (int)((s - t0) / colw);
	c1 = IOA_MIN((int)((e - t0) / colw), cols - 1);
	for (c = c0; c <= c1; c++) {
		double a = IOA_MAX(s, t0 + c * colw), b = IOA_MIN(e, t0 + (c + 1) * colw);

		if (b > a)
			lane[(size_t)c * IOA_REP_NCAT +
			     IOA_MAX(0, IOA_MIN(sp->cat, IOA_REP_NCAT - 1))] += b - a;
	}
}

/* dominant category of one column and its quantised busy share (0 = nothing to draw) */
static int dominant(const double *col, double colw, float *cover)
{
	/* four shades, the palest still clearly its category's colour */
	static const float shade[] = { 0.4f, 0.6f, 0.8f, 1.0f };
	double busy = 0, best = 0;
	int k, cat = IOA_REP_UNCLASSIFIED;

	for (k = 0; k < IOA_REP_NCAT; k++) {
		busy += col[k];
		if (col[k] > best) {
			best = col[k];
			cat = k;
		}
	}
	busy /= colw;
	*cover = busy < 0.02 ? 0.0f : shade[(int)ceil(IOA_MIN(busy, 1.0) * 4) - 1];
	return cat;
}

static void emit(struct ioa_bar **out, size_t *n, size_t *alloc, int lane, int cat, int col,
		 float cover)
{
	struct ioa_bar *b = *n ? &(*out)[*n - 1] : NULL;

	if (b && b->lane == lane && b->cat == cat && b->cover == cover &&
	    b->col0 + b->ncols == col) {
		b->ncols++;
		return;
	}
	IOA_GROW(*out, *n, *alloc);
	b = &(*out)[(*n)++];
	b->lane = lane;
	b->cat = cat;
	b->col0 = col;
	b->ncols = 1;
	b->cover = cover;
}

void ioa_lanes_aggregate(struct ioa_bar **out, size_t *nout, const struct ioa_rep_span *spans,
			 size_t n, int lanes, double t0, double t1, int cols)
{
	double colw = (t1 - t0) / (cols > 0 ? cols : 1), *acc;
	size_t i, alloc = 0;
	float cover;
	int l, c, cat;

	*out = NULL;
	*nout = 0;
	if (lanes <= 0 || cols <= 0 || !(colw > 0))
		return;
	acc = ioa_xcalloc((size_t)lanes * cols * IOA_REP_NCAT, sizeof(*acc));
	for (i = 0; i < n; i++)
		accumulate(acc, &spans[i], lanes, t0, colw, cols);
	for (l = 0; l < lanes; l++)
		for (c = 0; c < cols; c++) {
			cat = dominant(acc + ((size_t)l * cols + c) * IOA_REP_NCAT, colw, &cover);
			if (cover > 0)
				emit(out, nout, &alloc, l, cat, c, cover);
		}
	free(acc);
}

static void push_pt(double **xy, size_t *n, size_t *alloc, double x, double y)
{
	if (*n && (*xy)[2 * (*n - 1)] == x && (*xy)[2 * (*n - 1) + 1] == y)
		return;
	if (*n >= *alloc) {
		*alloc = *alloc ? 2 * *alloc : 256;
		*xy = ioa_xrealloc(*xy, *alloc * 2 * sizeof(**xy));
	}
	(*xy)[2 * *n] = x;
	(*xy)[2 * *n + 1] = y;
	(*n)++;
}

size_t ioa_series_envelope(double **xy, const int64_t *t, const double *v, size_t n,
			   const struct ioa_scale *x, const struct ioa_scale *y, double t1)
{
	size_t i = 0, np = 0, alloc = 0;
	double px, col, colmax, end, e1;

	*xy = NULL;
	while (i < n) {
		/* the values that start in one whole-point column fold into their maximum */
		px = ioa_scale_map(x, (double)t[i]);
		col = floor(px);
		colmax = v[i];
		while (i + 1 < n && floor(ioa_scale_map(x, (double)t[i + 1])) == col) {
			i++;
			colmax = IOA_MAX(colmax, v[i]);
		}
		end = i + 1 < n ? ioa_scale_map(x, (double)t[i + 1]) : ioa_scale_map(x, t1);
		end = IOA_MAX(end, px);
		push_pt(xy, &np, &alloc, px, ioa_scale_map(y, colmax));
		if (v[i] != colmax) {
			/* the peak fills its column, then the last value holds on */
			e1 = IOA_MIN(col + 1, end);
			push_pt(xy, &np, &alloc, e1, ioa_scale_map(y, colmax));
			push_pt(xy, &np, &alloc, e1, ioa_scale_map(y, v[i]));
		}
		push_pt(xy, &np, &alloc, end, ioa_scale_map(y, v[i]));
		i++;
	}
	return np;
}

int ioa_json_pairs(const char *json, char names[][16], double *vals, int cap)
{
	const char *p = json, *q;
	char *end;
	int n = 0;

	while (p && n < cap && (p = strchr(p, '"'))) {
		q = strchr(p + 1, '"');
		if (!q)
			break;
		ioa_strlcpy(names[n], p + 1, (size_t)IOA_MIN(q - p, 16));
		p = strchr(q, ':');
		if (!p)
			break;
		vals[n] = strtod(p + 1, &end);
		if (end != p + 1)
			n++;
		p = end;
	}
	return n;
}
