// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Page 6: the what-if sweep — makespan against the number of pCPUs, one line per schedule kind,
 * mode and cap, and the table of every point with its component peaks.
 */
#include "pages.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define MAX_LINES 10
#define CHART_H 190.0
#define AXIS_W 52.0
#define SW_COLS 8
#define CELL 96

struct line {
	char label[48];
	const struct ioa_rep_sweep *first;
};

static int same_line(const struct ioa_rep_sweep *a, const struct ioa_rep_sweep *b)
{
	return !strcmp(a->kind, b->kind) && !strcmp(a->mode, b->mode) && a->cap_pct == b->cap_pct;
}

static int lines_of(const struct ioa_report_data *r, struct line *ln)
{
	size_t i;
	int n = 0, k;

	for (i = 0; i < r->nsweep; i++) {
		for (k = 0; k < n && !same_line(ln[k].first, &r->sweep[i]); k++)
			;
		if (k < n || n == MAX_LINES)
			continue;
		ln[n].first = &r->sweep[i];
		snprintf(ln[n].label, sizeof(ln[n].label), "%s, %s, cap %.0f %%", r->sweep[i].kind,
			 r->sweep[i].mode, r->sweep[i].cap_pct);
		n++;
	}
	return n;
}

/* colour tells the kind, a dash another mode or cap than the first line's */
static int dashed_line(const struct line *ln, int k)
{
	return strcmp(ln[k].first->mode, ln[0].first->mode) ||
	       ln[k].first->cap_pct != ln[0].first->cap_pct;
}

static void x_axis(struct ioa_pg *p, const struct ioa_scale *x, double y)
{
	struct ioa_ticks t;
	char buf[24];
	double px;
	int i;

	ioa_ticks_fit(&t, x, 0, p->m, IOA_PG_SMALL, 6);
	for (i = 0; i < t.n; i++) {
		if (t.v[i] != floor(t.v[i]))
			continue; /* pCPUs are whole */
		px = ioa_scale_map(x, t.v[i]);
		ioa_dl_line(p->dl, px, y, px, y + 3, IOA_PG_TEXT, 0.6, 0);
		snprintf(buf, sizeof(buf), "%.0f", t.v[i]);
		ioa_dl_text(p->dl, px, y + 4 + IOA_PG_SMALL, buf, IOA_PG_SMALL, IOA_PG_TEXT,
			    IOA_DL_CENTER);
	}
	ioa_dl_text(p->dl, (x->p0 + x->p1) / 2, y + 10 + 2 * IOA_PG_SMALL, "pCPUs", IOA_PG_SMALL,
		    IOA_PG_GREY, IOA_DL_CENTER);
}

static void chart(struct ioa_pg *p, const struct line *ln, int n, double y)
{
	struct ioa_scale x = { INFINITY, -INFINITY, p->x0 + AXIS_W, p->x1 - 10 };
	struct ioa_scale ys = { 0, 0, y + CHART_H, y };
	double xy[2 * 64], div = 1e6;
	size_t i;
	int k, np;

	for (i = 0; i < p->r->nsweep; i++) {
		x.d0 = IOA_MIN(x.d0, p->r->sweep[i].pcpus);
		x.d1 = IOA_MAX(x.d1, p->r->sweep[i].pcpus);
		ys.d1 = IOA_MAX(ys.d1, p->r->sweep[i].makespan_ns * 1.1);
	}
	if (ys.d1 >= 2e9)
		div = 1e9; /* seconds from 2 s on, as the time axes do */
	ys.d1 /= div;
	if (x.d1 == x.d0) {
		x.d0 -= 1;
		x.d1 += 1;
	}
	ys.d1 = IOA_MAX(ys.d1, 1e-3);
	ioa_pg_y_axis(p, &ys, x.p0 - 4, x.p1, div == 1e9 ? " s" : " ms");
	ioa_dl_frame(p->dl, x.p0, y, x.p1 - x.p0, CHART_H, IOA_PG_RULE, 0.5);
	ioa_dl_text(p->dl, x.p0 + 4, y + 10, "makespan", IOA_PG_BODY, IOA_PG_TEXT, IOA_DL_BOLD);
	for (k = 0; k < n; k++) {
		np = 0;
		for (i = 0; i < p->r->nsweep && np < 64; i++) {
			const struct ioa_rep_sweep *s = &p->r->sweep[i];

			if (!same_line(s, ln[k].first) || s->makespan_ns < 0)
				continue;
			xy[2 * np] = ioa_scale_map(&x, s->pcpus);
			xy[2 * np + 1] = ioa_scale_map(&ys, s->makespan_ns / div);
			ioa_dl_rect(p->dl, xy[2 * np] - 1.5, xy[2 * np + 1] - 1.5, 3, 3,
				    ioa_pg_kind_rgb(s->kind), 1);
			np++;
		}
		ioa_dl_poly(p->dl, xy, np, ioa_pg_kind_rgb(ln[k].first->kind), 1.2,
			    dashed_line(ln, k) ? IOA_DL_DASHED : 0);
	}
	x_axis(p, &x, y + CHART_H);
}

/* "GPU 113 %, BUS 80 %" from the stored JSON */
static void peaks_text(char *buf, size_t size, const char *json)
{
	char names[8][16];
	double vals[8];
	int n = ioa_json_pairs(json, names, vals, 8), i;
	size_t len = 0;

	buf[0] = 0;
	for (i = 0; i < n && len < size; i++)
		len += snprintf(buf + len, size - len, "%s%s %.0f %%", i ? ", " : "", names[i],
				vals[i]);
	if (!n)
		ioa_strlcpy(buf, "–", size);
}

static void table(struct ioa_pg *p, double y)
{
	static const char *const head[SW_COLS] = {
		"pCPUs", "mode", "cap", "kind", "makespan", "overload", "mean wait", "peaks",
	};
	int room = IOA_MAX(1, (int)((p->y1 - y) / ioa_pg_row_h()) - 2);
	size_t i, rows = IOA_MIN(p->r->nsweep, (size_t)room);
	char(*cell)[CELL] = ioa_xcalloc((rows + 1) * SW_COLS, CELL);
	const char **ptr = ioa_xcalloc((rows + 1) * SW_COLS, sizeof(*ptr));
	int c;

	for (c = 0; c < SW_COLS; c++)
		snprintf(cell[c], CELL, "%s", head[c]);
	for (i = 0; i < rows; i++) {
		const struct ioa_rep_sweep *s = &p->r->sweep[i];
		char(*row)[CELL] = cell + (i + 1) * SW_COLS;

		snprintf(row[0], CELL, "%d", s->pcpus);
		snprintf(row[1], CELL, "%s", s->mode);
		snprintf(row[2], CELL, "%.0f %%", s->cap_pct);
		snprintf(row[3], CELL, "%s", s->kind);
		ioa_pg_fmt_ns(row[4], CELL, s->makespan_ns < 0 ? NAN : (double)s->makespan_ns);
		ioa_pg_fmt_metric(row[5], CELL, "overload_s", s->overload_s);
		ioa_pg_fmt_ns(row[6], CELL, s->wait_mean_ns);
		peaks_text(row[7], CELL, s->peaks);
	}
	for (i = 0; i < (rows + 1) * SW_COLS; i++)
		ptr[i] = cell[i];
	y = ioa_pg_table(p, ptr, (int)rows + 1, SW_COLS, y);
	if (rows < p->r->nsweep)
		ioa_pg_note(p, y, "… %zu more points: `sqlite3 DB 'SELECT * FROM sweep_point'`",
			    p->r->nsweep - rows);
	free(cell);
	free(ptr);
}

void ioa_page_sweep(struct ioa_pg *p)
{
	const char *labels[MAX_LINES];
	uint32_t rgb[MAX_LINES];
	int dashed[MAX_LINES], n, k;
	struct line ln[MAX_LINES];
	char sub[96];
	double y;

	if (p->r->plan.plan.plan_id) {
		ioa_page_whatif(p); /* the plan is the what-if; a sweep follows when there is one */
		if (!p->r->nsweep)
			return;
	}
	snprintf(sub, sizeof(sub), "what-if over pCPUs, mode and overlap cap (scenario %lld)",
		 (long long)p->r->sweep_scenario_id);
	y = ioa_pg_begin(p, "What-if sweep", p->r->nsweep ? sub : NULL);
	if (!p->r->nsweep) {
		ioa_pg_note(p, y,
			    "No sweep in the database: run `ioaware sweep` for what-if figures.");
		return;
	}
	n = lines_of(p->r, ln);
	for (k = 0; k < n; k++) {
		labels[k] = ln[k].label;
		rgb[k] = ioa_pg_kind_rgb(ln[k].first->kind);
		dashed[k] = dashed_line(ln, k);
	}
	y += ioa_pg_line_legend(p, labels, rgb, dashed, n, y) + 4;
	chart(p, ln, n, y);
	table(p, y + CHART_H + 40);
}
