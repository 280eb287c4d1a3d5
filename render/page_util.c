// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Page 3: utilisation of each component over time, one chart per component, one line per
 * schedule (baseline, online, optimized, ...), the 100 % capacity dashed — the paper's Figures 5
 * and 7. Each series is reduced to its per-column maximum before it is drawn.
 */
#include "pages.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define AXIS_W 40.0
#define AXIS_H 34.0
#define CHART_GAP 6.0
#define LABEL_H 12.0
#define LIMIT_RGB 0x000000

/* as-traced repeats what the baseline shows less clearly: drawn only without a baseline */
static int hidden(const struct ioa_report_data *r, const char *kind)
{
	return !strcmp(kind, "as-traced") && ioa_pg_sched(r, "baseline");
}

static const char *kind_of(const struct ioa_report_data *r, int64_t id)
{
	size_t i;

	for (i = 0; i < r->nscheds; i++)
		if (r->scheds[i].schedule_id == id)
			return r->scheds[i].kind;
	return "?";
}

/* common window: from the earliest series start to the latest end of series or schedule */
static void window(const struct ioa_report_data *r, double *t0, double *t1)
{
	size_t i;

	*t0 = INFINITY;
	*t1 = -INFINITY;
	for (i = 0; i < r->nseries; i++) {
		const struct ioa_rep_series *s = &r->series[i];

		if (!s->n)
			continue;
		*t0 = IOA_MIN(*t0, (double)s->t_ns[0]);
		*t1 = IOA_MAX(*t1, (double)s->t_ns[s->n - 1]);
	}
	for (i = 0; i < r->nscheds; i++)
		if (r->scheds[i].makespan_ns > 0 && r->scheds[i].nspans)
			*t1 = IOA_MAX(*t1, (double)(r->scheds[i].t0_ns + r->scheds[i].makespan_ns));
}

static double peak_of(const struct ioa_report_data *r, int cat)
{
	double peak = 0;
	size_t i, k;

	for (i = 0; i < r->nseries; i++)
		for (k = 0; r->series[i].cat == cat && k < r->series[i].n; k++)
			peak = IOA_MAX(peak, r->series[i].pct[k]);
	return peak;
}

/* one chart of height @h under its label at @y (the label above: inside it would hide lines) */
static void chart(struct ioa_pg *p, int cat, const struct ioa_scale *x, double y, double h)
{
	struct ioa_scale ys = { 0, 0, y + LABEL_H + h, y + LABEL_H };
	double *xy, lim, peak = peak_of(p->r, cat);
	char label[64];
	size_t i, n;

	ys.d1 = IOA_MAX(110.0, ceil(peak * 1.08 / 10) * 10);
	ioa_pg_y_axis(p, &ys, x->p0 - 4, x->p1, " %");
	lim = ioa_scale_map(&ys, 100);
	ioa_dl_line(p->dl, x->p0, lim, x->p1, lim, LIMIT_RGB, 0.8, IOA_DL_DASHED);
	for (i = 0; i < p->r->nseries; i++) {
		const struct ioa_rep_series *s = &p->r->series[i];

		if (s->cat != cat || hidden(p->r, kind_of(p->r, s->schedule_id)))
			continue;
		n = ioa_series_envelope(&xy, s->t_ns, s->pct, s->n, x, &ys, x->d1);
		ioa_dl_poly(p->dl, xy, n, ioa_pg_kind_rgb(kind_of(p->r, s->schedule_id)), 1.0, 0);
		free(xy);
	}
	ioa_dl_frame(p->dl, x->p0, y + LABEL_H, x->p1 - x->p0, h, IOA_PG_RULE, 0.5);
	/* the name and the peak (a few % are not readable off the axis) */
	if (peak > 0)
		snprintf(label, sizeof(label), "%s · peak %.1f %%", ioa_rep_cat_name(cat), peak);
	else
		snprintf(label, sizeof(label), "%s · unused", ioa_rep_cat_name(cat));
	ioa_dl_text(p->dl, x->p0, y + LABEL_H - 3, label, IOA_PG_BODY, IOA_PG_TEXT, IOA_DL_BOLD);
}

/* one legend entry per schedule kind that has a series, plus the capacity line */
static double legend(struct ioa_pg *p, double y)
{
	const char *labels[12];
	uint32_t rgb[12];
	int dashed[12], n = 0;
	size_t i, k;

	for (i = 0; i < p->r->nscheds && n < 11; i++) {
		for (k = 0; k < p->r->nseries; k++)
			if (p->r->series[k].schedule_id == p->r->scheds[i].schedule_id)
				break;
		if (k == p->r->nseries || hidden(p->r, p->r->scheds[i].kind))
			continue;
		labels[n] = p->r->scheds[i].kind;
		rgb[n] = ioa_pg_kind_rgb(labels[n]);
		dashed[n++] = 0;
	}
	labels[n] = "capacity 100 %";
	rgb[n] = LIMIT_RGB;
	dashed[n++] = 1;
	return ioa_pg_line_legend(p, labels, rgb, dashed, n, y);
}

void ioa_page_util(struct ioa_pg *p)
{
	int cats[IOA_REP_NCAT], seen[IOA_REP_NCAT] = { 0 }, n = 0, i;
	struct ioa_scale x;
	double y, h, t0, t1;
	size_t k;

	y = ioa_pg_begin(p, "Utilisation per component",
			 "demanded utilisation over time from `ioaware simulate`, the peak of each"
			 " pixel column; above the dashed line the component is overloaded");
	for (k = 0; k < p->r->nseries; k++)
		seen[IOA_MAX(0, IOA_MIN(p->r->series[k].cat, IOA_REP_NCAT - 1))] = 1;
	for (i = 0; i < IOA_REP_NCAT; i++)
		if (seen[i])
			cats[n++] = i;
	window(p->r, &t0, &t1);
	if (!n || !(t1 > t0)) {
		ioa_pg_note(p, y,
			    "No utilisation series yet: run `ioaware simulate` on a scenario.");
		return;
	}
	y += legend(p, y) + 4;
	h = (p->y1 - y - AXIS_H) / n - CHART_GAP - LABEL_H;
	x = (struct ioa_scale){ t0, t1, p->x0 + AXIS_W, p->x1 };
	for (i = 0; i < n; i++, y += LABEL_H + h + CHART_GAP)
		chart(p, cats[i], &x, y, h);
	x.d1 -= x.d0;
	x.d0 = 0;
	ioa_pg_time_axis(p, &x, y - CHART_GAP, "time since the first task");
}
