// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Pure layout: palette, scales and nice ticks, non-overlapping labels, ellipsised text,
 * legends and table column widths. Text widths come from a struct ioa_measure callback.
 */
#include "layout.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

/* Okabe & Ito (2008), "Color Universal Design": distinguishable with every common CVD */
static const uint32_t palette[IOA_PALETTE_SIZE] = {
	[IOA_REP_RAM] = 0x0072b2,	   /* blue */
	[IOA_REP_ETHERNET] = 0x56b4e9,	   /* sky blue */
	[IOA_REP_BUS] = 0xe69f00,	   /* orange */
	[IOA_REP_GPU] = 0xd55e00,	   /* vermillion */
	[IOA_REP_STORAGE] = 0x009e73,	   /* bluish green */
	[IOA_REP_CACHE] = 0xf0e442,	   /* yellow */
	[IOA_REP_COMPUTE] = 0xcc79a7,	   /* reddish purple */
	[IOA_REP_OVERHEAD] = 0x000000,	   /* black */
	[IOA_REP_IDLE] = 0x999999,	   /* grey */
	[IOA_REP_UNCLASSIFIED] = 0xc8c8c8, /* light grey */
};

uint32_t ioa_palette(int cat)
{
	if (cat < 0 || cat >= IOA_PALETTE_SIZE)
		cat = IOA_REP_UNCLASSIFIED;
	return palette[cat];
}

double ioa_scale_map(const struct ioa_scale *s, double v)
{
	if (s->d1 == s->d0)
		return s->p0;
	return s->p0 + (v - s->d0) * (s->p1 - s->p0) / (s->d1 - s->d0);
}

double ioa_nice_step(double lo, double hi, int target)
{
	double span = hi - lo, raw, mag, f;

	if (!(span > 0) || target < 1)
		return 1;
	raw = span / target;
	mag = pow(10, floor(log10(raw)));
	f = raw / mag;
	if (f < 1.5)
		return mag;
	if (f < 3.5)
		return 2 * mag;
	if (f < 7.5)
		return 5 * mag;
	return 10 * mag;
}

static int decimals(double step)
{
	int d = (int)ceil(-log10(step) - 1e-9);

	return IOA_MAX(0, IOA_MIN(d, 9));
}

/* values at multiples of @step inside [lo, hi], labelled v / @div with the step's decimals */
static void fill(struct ioa_ticks *t, double lo, double hi, double step, double div)
{
	double v, eps = step * 1e-6;
	long long k;
	int d = decimals(step / div);

	t->n = 0;
	t->step = step;
	for (k = (long long)ceil((lo - eps) / step); t->n < IOA_MAX_TICKS; k++) {
		v = (double)k * step;
		if (v > hi + eps)
			break;
		t->v[t->n] = v;
		snprintf(t->label[t->n], sizeof(t->label[0]), "%.*f", d, v / div + 0.0);
		t->n++;
	}
}

void ioa_ticks_linear(struct ioa_ticks *t, double lo, double hi, int target)
{
	fill(t, lo, hi, ioa_nice_step(lo, hi, target), 1);
	t->unit[0] = 0;
}

void ioa_ticks_time(struct ioa_ticks *t, double lo_ns, double hi_ns, int target)
{
	double span = hi_ns - lo_ns, div = 1;
	const char *unit = "ns";

	if (span >= 2e9) {
		div = 1e9;
		unit = "s";
	} else if (span >= 2e6) {
		div = 1e6;
		unit = "ms";
	} else if (span >= 2e3) {
		div = 1e3;
		unit = "µs";
	}
	fill(t, lo_ns, hi_ns, ioa_nice_step(lo_ns, hi_ns, target), div);
	ioa_strlcpy(t->unit, unit, sizeof(t->unit));
}

int ioa_labels_overlap(const double *x, const double *w, int n, double gap)
{
	int i;

	for (i = 1; i < n; i++)
		if (x[i - 1] + w[i - 1] / 2 + gap > x[i] - w[i] / 2)
			return 1;
	return 0;
}

int ioa_labels_pick(const double *x, const double *w, int n, double gap, int *keep)
{
	double right = -INFINITY;
	int i, k = 0;

	for (i = 0; i < n; i++) {
		keep[i] = x[i] - w[i] / 2 >= right + gap || !k;
		if (keep[i]) {
			right = x[i] + w[i] / 2;
			k++;
		}
	}
	return k;
}

void ioa_ticks_fit(struct ioa_ticks *t, const struct ioa_scale *s, int time,
		   const struct ioa_measure *m, double size, double gap)
{
	double x[IOA_MAX_TICKS], w[IOA_MAX_TICKS];
	int target, i;

	for (target = 10; target >= 2; target--) {
		if (time)
			ioa_ticks_time(t, s->d0, s->d1, target);
		else
			ioa_ticks_linear(t, s->d0, s->d1, target);
		for (i = 0; i < t->n; i++) {
			x[i] = ioa_scale_map(s, t->v[i]);
			w[i] = m->width(m->priv, t->label[i], size, 0);
		}
		if (!ioa_labels_overlap(x, w, t->n, gap))
			return;
	}
}

void ioa_text_fit(char *buf, size_t size, const char *s, const struct ioa_measure *m, double fsize,
		  int bold, double maxw)
{
	size_t len;

	ioa_strlcpy(buf, s, size);
	if (m->width(m->priv, buf, fsize, bold) <= maxw)
		return;
	len = strlen(buf);
	while (len > 0) {
		len--;
		while (len > 0 && ((unsigned char)buf[len] & 0xc0) == 0x80)
			len--; /* never cut a UTF-8 sequence */
		if (len + 4 > size)
			continue;
		memcpy(buf + len, "…", 4); /* 3 bytes + NUL */
		if (m->width(m->priv, buf, fsize, bold) <= maxw)
			return;
	}
	ioa_strlcpy(buf, "…", size);
}

#define SWATCH 1.0 /* swatch side, in font sizes */

double ioa_legend_layout(struct ioa_legend_pos *pos, const char *const *labels, int n,
			 const struct ioa_measure *m, double size, double x, double y, double maxw)
{
	double cx = x, cy = y, row = size * 1.6, w;
	int i;

	for (i = 0; i < n; i++) {
		w = size * (SWATCH + 0.4) + m->width(m->priv, labels[i], size, 0) + size * 1.2;
		if (cx > x && cx + w > x + maxw) {
			cx = x;
			cy += row;
		}
		pos[i].x = cx;
		pos[i].y = cy;
		cx += w;
	}
	return n ? cy - y + row : 0;
}

double ioa_table_widths(double *colw, const char *const *cells, int rows, int cols,
			const struct ioa_measure *m, double size, double pad, double maxw)
{
	double total = 0, over, minfirst;
	int r, c;

	for (c = 0; c < cols; c++)
		colw[c] = 0;
	for (r = 0; r < rows; r++)
		for (c = 0; c < cols; c++)
			colw[c] =
				IOA_MAX(colw[c],
					m->width(m->priv, cells[r * cols + c], size, r == 0) + pad);
	for (c = 0; c < cols; c++)
		total += colw[c];
	over = total - maxw;
	if (over > 0 && cols > 0) {
		minfirst = colw[0] / 3;
		colw[0] -= IOA_MIN(over, colw[0] - minfirst);
	}
	total = 0;
	for (c = 0; c < cols; c++)
		total += colw[c];
	if (total > maxw)
		for (c = 0; c < cols; c++)
			colw[c] *= maxw / total;
	return IOA_MIN(total, maxw);
}
