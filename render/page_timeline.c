// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Page 2, the timelines (one lane per pCPU, segments coloured by category, every schedule on one
 * time axis; the as-traced vCPU runs per host CPU before any schedule exists), and page 3, the
 * utilisation of each component over time per schedule with the 100 % line.
 */
#include "pages.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define LABEL_W 52.0
#define AXIS_H 34.0
#define PANEL_TITLE 14.0
#define PANEL_GAP 8.0
#define MAX_PANELS 8

struct panel {
	char title[160];
	const struct ioa_rep_span *spans;
	size_t n;
	int lanes;
	const char *lane_name; /* "pCPU", "CPU" */
};

struct timeline {
	struct panel pn[MAX_PANELS];
	int n;
	int64_t t0, t1;
	const char *axis;
};

static int lanes_of(const struct ioa_rep_span *s, size_t n, int at_least)
{
	int lanes = at_least;
	size_t i;

	for (i = 0; i < n; i++)
		lanes = IOA_MAX(lanes, s[i].lane + 1);
	return lanes;
}

static void span_window(struct timeline *tl, const struct ioa_rep_span *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		tl->t0 = IOA_MIN(tl->t0, s[i].start_ns);
		tl->t1 = IOA_MAX(tl->t1, s[i].end_ns);
	}
}

static void collect(struct timeline *tl, const struct ioa_report_data *r)
{
	char ms[32];
	size_t i;

	memset(tl, 0, sizeof(*tl));
	tl->t0 = INT64_MAX;
	tl->t1 = INT64_MIN;
	for (i = 0; i < r->nscheds && tl->n < MAX_PANELS; i++) {
		const struct ioa_rep_schedule *s = &r->scheds[i];
		struct panel *pn = &tl->pn[tl->n];

		if (!s->nspans)
			continue;
		ioa_pg_fmt_ns(ms, sizeof(ms), s->makespan_ns < 0 ? NAN : (double)s->makespan_ns);
		snprintf(pn->title, sizeof(pn->title), "%s — %s, makespan %s, %zu tasks", s->kind,
			 s->status, ms, s->nspans);
		pn->spans = s->spans;
		pn->n = s->nspans;
		pn->lanes = lanes_of(s->spans, s->nspans, r->scenario.pcpus);
		pn->lane_name = "pCPU";
		span_window(tl, s->spans, s->nspans);
		tl->n++;
	}
	tl->axis = "time since the first task";
	if (tl->n || !r->ntraced)
		return;
	snprintf(tl->pn[0].title, sizeof(tl->pn[0].title),
		 "as traced — vCPU runs of trace %lld per host CPU (%zu runs)",
		 (long long)r->traces[0].trace_id, r->ntraced);
	tl->pn[0].spans = r->traced;
	tl->pn[0].n = r->ntraced;
	tl->pn[0].lanes = lanes_of(r->traced, r->ntraced, r->traced_lanes);
	tl->pn[0].lane_name = "CPU";
	tl->n = 1;
	span_window(tl, r->traced, r->ntraced);
	tl->axis = "time since the first vCPU run";
}

static void lane_labels(struct ioa_pg *p, const struct panel *pn, double y, double lane_h)
{
	double pos[256], w[256];
	int keep[256], i, n = IOA_MIN(pn->lanes, 256);
	char buf[32];

	for (i = 0; i < n; i++) {
		pos[i] = y + (i + 0.5) * lane_h;
		w[i] = IOA_PG_SMALL;
	}
	ioa_labels_pick(pos, w, n, 1, keep);
	for (i = 0; i < n; i++) {
		if (!keep[i])
			continue;
		snprintf(buf, sizeof(buf), "%s %d", pn->lane_name, i);
		ioa_dl_text(p->dl, p->x0 + LABEL_W - 4, pos[i] + IOA_PG_SMALL / 2 - 1, buf,
			    IOA_PG_SMALL, IOA_PG_TEXT, IOA_DL_RIGHT);
	}
}

/*
 * A hairline where a span of at least EDGE_MIN points starts, so that neighbouring runs of one
 * category stay apart. Only such spans get one: at most lanes × width / EDGE_MIN lines.
 */
#define EDGE_MIN 3.0

static void edges(struct ioa_pg *p, const struct panel *pn, const struct ioa_scale *x, double y,
		  double lane_h, double gap)
{
	double h = lane_h - gap;
	double k = (x->p1 - x->p0) / (x->d1 - x->d0), px, top;
	size_t i;

	if (h < 3)
		return;
	for (i = 0; i < pn->n; i++) {
		const struct ioa_rep_span *s = &pn->spans[i];

		if (s->lane < 0 || s->lane >= pn->lanes ||
		    (double)(s->end_ns - s->start_ns) * k < EDGE_MIN)
			continue;
		px = ioa_scale_map(x, (double)s->start_ns);
		top = y + s->lane * lane_h;
		if (px > x->p0 + 0.5)
			ioa_dl_line(p->dl, px, top, px, top + h, 0xffffff, 0.6, 0);
	}
}

static void panel_draw(struct ioa_pg *p, const struct panel *pn, const struct ioa_scale *x,
		       double y, double lane_h)
{
	double colw = 1.0, gap = lane_h > 4 ? 1.0 : 0;
	int cols = (int)((x->p1 - x->p0) / colw), l;
	struct ioa_bar *bars;
	size_t nb, i;

	ioa_dl_text(p->dl, x->p0, y + 10, pn->title, IOA_PG_BODY, IOA_PG_TEXT, IOA_DL_BOLD);
	y += PANEL_TITLE;
	for (l = 0; l < pn->lanes; l++)
		ioa_dl_rect(p->dl, x->p0, y + l * lane_h, x->p1 - x->p0, lane_h - gap, 0xf4f4f4, 1);
	ioa_lanes_aggregate(&bars, &nb, pn->spans, pn->n, pn->lanes, x->d0, x->d1, cols);
	for (i = 0; i < nb; i++)
		ioa_dl_rect(p->dl, x->p0 + bars[i].col0 * colw, y + bars[i].lane * lane_h,
			    bars[i].ncols * colw, lane_h - gap, ioa_palette(bars[i].cat),
			    bars[i].cover);
	free(bars);
	edges(p, pn, x, y, lane_h, gap);
	lane_labels(p, pn, y, lane_h);
}

static int present_cats(const struct timeline *tl, int *cats)
{
	int seen[IOA_REP_NCAT] = { 0 }, i, n = 0;
	size_t k;

	for (i = 0; i < tl->n; i++)
		for (k = 0; k < tl->pn[i].n; k++)
			seen[IOA_MAX(0, IOA_MIN(tl->pn[i].spans[k].cat, IOA_REP_NCAT - 1))] = 1;
	for (i = 0; i < IOA_REP_NCAT; i++)
		if (seen[i] || i <= IOA_REP_COMPUTE)
			cats[n++] = i;
	return n;
}

void ioa_page_timelines(struct ioa_pg *p)
{
	struct ioa_scale x;
	struct timeline tl;
	int cats[IOA_REP_NCAT], i, lanes = 0;
	double y, lane_h;

	collect(&tl, p->r);
	y = ioa_pg_begin(
		p, "Timelines",
		tl.n && p->r->nscheds
			? "one lane per pCPU; every"
			  " schedule of the scenario on the same time axis; paler shades mark"
			  " pixel columns busy less than 75 %, 50 %, 25 % of their time"
			: "vCPU runs as traced, one lane per host CPU");
	if (!tl.n || tl.t1 <= tl.t0) {
		ioa_pg_note(p, y,
			    "No vCPU runs and no schedules in the database: nothing to draw.");
		return;
	}
	y += ioa_pg_legend(p, cats, present_cats(&tl, cats), y) + 4;
	for (i = 0; i < tl.n; i++)
		lanes += tl.pn[i].lanes;
	lane_h = (p->y1 - y - AXIS_H - tl.n * (PANEL_TITLE + PANEL_GAP)) / lanes;
	lane_h = IOA_MAX(0.5, IOA_MIN(lane_h, 40));
	x = (struct ioa_scale){ (double)tl.t0, (double)tl.t1, p->x0 + LABEL_W, p->x1 };
	for (i = 0; i < tl.n; i++) {
		panel_draw(p, &tl.pn[i], &x, y, lane_h);
		y += PANEL_TITLE + tl.pn[i].lanes * lane_h + PANEL_GAP;
	}
	x.d1 -= x.d0;
	x.d0 = 0;
	ioa_pg_time_axis(p, &x, y - PANEL_GAP + 3, tl.axis);
}
