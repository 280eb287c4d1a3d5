// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The capacity plan in the report: its sentence and table at the head of page 1, the what-if
 * page (p99 wait against P with the budget line, peak % per component against P with the
 * 100 % line, one line per policy, each policy's answer marked; makespan only where it
 * varies) and the per-VM latency table of the simulated schedules.
 */
#include "pages.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define PL_COLS 7
#define CELL 512
#define AXIS_W 44.0
#define MAXP 256
#define LIMIT_RGB 0x000000

static const char *const policies[] = { "baseline", "online", "optimized" };

static const struct ioa_plan_policy_rec *policy(const struct ioa_report_data *r, const char *pol)
{
	int i;

	for (i = 0; i < r->plan.npol; i++)
		if (!strcmp(r->plan.pol[i].policy, pol))
			return &r->plan.pol[i];
	return NULL;
}

/* the sentence, wrapped at the content width; returns the y below it */
static double sentence(struct ioa_pg *p, double y, const char *s)
{
	return ioa_pg_wrap(p, y, s, 11, IOA_PG_TEXT, IOA_DL_BOLD, 4) + 2;
}

static void peak_text(char *buf, size_t size, const char *json)
{
	char names[8][16];
	double vals[8], best = -1;
	int n = ioa_json_pairs(json, names, vals, 8), i, k = -1;

	for (i = 0; i < n; i++)
		if (vals[i] > best) {
			best = vals[i];
			k = i;
		}
	if (k < 0)
		snprintf(buf, size, "–");
	else
		snprintf(buf, size, "%.0f %% %s", best, names[k]);
}

/* why each policy's answer is what it is; policies with the same reason share it */
static double reasons(struct ioa_pg *p, double y)
{
	const struct ioa_plan_data *d = &p->r->plan;
	char line[700];
	size_t len;
	int i, j, done[8] = { 0 };

	for (i = 0; i < d->npol && i < 8; i++) {
		if (done[i])
			continue;
		len = (size_t)snprintf(line, sizeof(line), "%s", d->pol[i].policy);
		for (j = i + 1; j < d->npol && j < 8 && len < sizeof(line); j++)
			if (!strcmp(d->pol[j].reason, d->pol[i].reason)) {
				done[j] = 1;
				len += (size_t)snprintf(line + len, sizeof(line) - len, ", %s",
							d->pol[j].policy);
			}
		if (len < sizeof(line))
			snprintf(line + len, sizeof(line) - len, " — %s", d->pol[i].reason);
		y = ioa_pg_wrap(p, y, line, IOA_PG_BODY, IOA_PG_GREY, 0, 2);
	}
	return y;
}

double ioa_pg_plan_head(struct ioa_pg *p, double y)
{
	static const char *const head[PL_COLS] = { "policy",   "cores",	   "binds", "p99 wait",
						   "max wait", "overload", "peak" };
	const struct ioa_plan_data *d = &p->r->plan;
	char cell[4][PL_COLS][CELL];
	const char *ptr[4 * PL_COLS];
	int i, c;

	if (!d->plan.plan_id)
		return ioa_pg_note(p, y, "No capacity plan yet: run `ioaware plan` (run does it).");
	y = sentence(p, y, d->plan.sentence);
	for (i = 0; i < d->npol && i < 3; i++) {
		const struct ioa_plan_policy_rec *x = &d->pol[i];
		char(*row)[CELL] = cell[i + 1];

		snprintf(row[0], CELL, "%s", x->policy);
		if (x->cores)
			snprintf(row[1], CELL, "%d", x->cores);
		else
			snprintf(row[1], CELL, "none of %d–%d", d->plan.pcpus_lo, d->plan.pcpus_hi);
		snprintf(row[2], CELL, "%s%s", x->binding, x->proven ? "" : " (not proven)");
		ioa_pg_fmt_ns(row[3], CELL, x->p99_wait_ms * 1e6);
		ioa_pg_fmt_ns(row[4], CELL, x->max_wait_ms * 1e6);
		ioa_pg_fmt_ns(row[5], CELL, x->overload_ms * 1e6);
		peak_text(row[6], CELL, x->peaks);
	}
	for (c = 0; c < PL_COLS; c++) {
		ptr[c] = head[c];
		for (i = 0; i < d->npol && i < 3; i++)
			ptr[(i + 1) * PL_COLS + c] = cell[i + 1][c];
	}
	y = ioa_pg_table(p, ptr, IOA_MIN(d->npol, 3) + 1, PL_COLS, y);
	y = ioa_pg_note(p, y,
			"At each answer (P = %d when none holds): worst VM's p99 wait, longest "
			"wait, time above 100 %%, highest peak. P %d–%d; optimum ≤ %g s per P.",
			d->plan.pcpus_hi, d->plan.pcpus_lo, d->plan.pcpus_hi, d->plan.time_limit_s);
	return reasons(p, y);
}

/* --- the what-if page --- */

/* the value of one figure of a point: 0 p99 wait ms, 1 makespan ms, 2+c peak of component c */
static double figure(const struct ioa_plan_point_rec *pt, int f)
{
	char names[8][16];
	double vals[8];
	int n, i;

	if (f == 0)
		return pt->p99_wait_ms;
	if (f == 1)
		return pt->makespan_ms;
	n = ioa_json_pairs(pt->peaks, names, vals, 8);
	for (i = 0; i < n; i++)
		if (!strcmp(names[i], ioa_rep_cat_name(f - 2)))
			return vals[i];
	return NAN;
}

static double fig_max(const struct ioa_plan_data *d, int f)
{
	double m = 0;
	int i;

	for (i = 0; i < d->npt; i++)
		if (!isnan(figure(&d->pt[i], f)))
			m = IOA_MAX(m, figure(&d->pt[i], f));
	return m;
}

static double fig_min(const struct ioa_plan_data *d, int f)
{
	double m = INFINITY;
	int i;

	for (i = 0; i < d->npt; i++)
		if (!isnan(figure(&d->pt[i], f)))
			m = IOA_MIN(m, figure(&d->pt[i], f));
	return m;
}

static void x_axis(struct ioa_pg *p, const struct ioa_scale *x, double y, int lo, int hi)
{
	int step = hi - lo > 12 ? 2 : 1, v;
	char buf[16];

	for (v = lo; v <= hi; v += step) {
		double px = ioa_scale_map(x, v);

		ioa_dl_line(p->dl, px, y, px, y + 3, IOA_PG_TEXT, 0.6, 0);
		snprintf(buf, sizeof(buf), "%d", v);
		ioa_dl_text(p->dl, px, y + 4 + IOA_PG_SMALL, buf, IOA_PG_SMALL, IOA_PG_TEXT,
			    IOA_DL_CENTER);
	}
}

struct box {
	double x0, y0, w, h;
};

/* the smallest positive value of figure @f, INFINITY when none */
static double fig_min_pos(const struct ioa_plan_data *d, int f)
{
	double m = INFINITY, v;
	int i;

	for (i = 0; i < d->npt; i++)
		if ((v = figure(&d->pt[i], f)) > 0)
			m = IOA_MIN(m, v);
	return m;
}

/* a value on the chart's y scale: log10 when @logy (values below the axis sit on it) */
static double ymap(const struct ioa_scale *ys, int logy, double v)
{
	if (logy)
		v = IOA_MAX(log10(IOA_MAX(v, 1e-300)), ys->d0);
	return ioa_scale_map(ys, v);
}

/* a log10 axis, one grid line and label per decade */
static void log_axis(struct ioa_pg *p, const struct ioa_scale *s, double x, double x1,
		     const char *unit)
{
	char buf[40];
	double e;

	for (e = s->d0; e <= s->d1 + 1e-9; e++) {
		double y = ioa_scale_map(s, e);

		ioa_dl_line(p->dl, x + 2, y, x1, y, 0xe0e0e0, 0.4, 0);
		snprintf(buf, sizeof(buf), "%g%s", pow(10, e), unit);
		ioa_dl_text(p->dl, x, y + IOA_PG_SMALL / 2 - 1, buf, IOA_PG_SMALL, IOA_PG_TEXT,
			    IOA_DL_RIGHT);
	}
}

/*
 * the y scale of figure @f: from 0 to above the limit and every value; log10 for the wait
 * when it spans more than two decades (seconds at P = 1, microseconds at the answer: on a
 * linear axis every answer would sit on 0 and a 74 ms wait above a 1 ms budget would look met)
 */
static int y_scale(struct ioa_scale *ys, const struct ioa_plan_data *d, int f, double limit)
{
	double hi = IOA_MAX(fig_max(d, f), isnan(limit) ? 0 : limit);
	double lo = IOA_MIN(fig_min_pos(d, f), isnan(limit) ? INFINITY : limit);

	if (f == 0 && isfinite(lo) && hi / lo > 100) {
		ys->d0 = floor(log10(lo));
		ys->d1 = IOA_MAX(ceil(log10(hi * 1.2)), ys->d0 + 1);
		return 1;
	}
	ys->d1 = hi * 1.12 > 0 ? hi * 1.12 : 1;
	return 0;
}

/* one chart of figure @f against P: a line per policy, the limit dashed, answers marked */
static void chart(struct ioa_pg *p, const struct box *b, int f, const char *title, double limit,
		  const char *unit)
{
	const struct ioa_plan_data *d = &p->r->plan;
	struct ioa_scale x = { d->plan.pcpus_lo - 0.5, d->plan.pcpus_hi + 0.5, b->x0 + AXIS_W,
			       b->x0 + b->w - 6 };
	struct ioa_scale ys = { 0, 0, b->y0 + b->h, b->y0 };
	double xy[2 * MAXP];
	int k, i, np, logy = y_scale(&ys, d, f, limit);

	if (logy)
		log_axis(p, &ys, x.p0 - 4, x.p1, unit);
	else
		ioa_pg_y_axis(p, &ys, x.p0 - 4, x.p1, unit);
	if (!isnan(limit))
		ioa_dl_line(p->dl, x.p0, ymap(&ys, logy, limit), x.p1, ymap(&ys, logy, limit),
			    LIMIT_RGB, 0.8, IOA_DL_DASHED);
	for (k = 0; k < 3; k++) {
		const struct ioa_plan_policy_rec *pol = policy(p->r, policies[k]);
		uint32_t rgb = ioa_pg_kind_rgb(policies[k]);

		for (i = 0, np = 0; i < d->npt && np < MAXP; i++) {
			const struct ioa_plan_point_rec *pt = &d->pt[i];
			double v = figure(pt, f);

			if (strcmp(pt->policy, policies[k]) || isnan(v))
				continue;
			xy[2 * np] = ioa_scale_map(&x, pt->pcpus) + (k - 1) * 1.5;
			xy[2 * np + 1] = ymap(&ys, logy, v);
			if (pol && pt->pcpus == pol->cores) /* the answer: a ring */
				ioa_dl_frame(p->dl, xy[2 * np] - 3.5, xy[2 * np + 1] - 3.5, 7, 7,
					     rgb, 1.4);
			np++;
		}
		ioa_dl_poly(p->dl, xy, (size_t)np, rgb, 1.2, 0);
	}
	ioa_dl_frame(p->dl, x.p0, b->y0, x.p1 - x.p0, b->h, IOA_PG_RULE, 0.5);
	ioa_dl_rect(p->dl, x.p0 + 0.5, b->y0 + 0.5,
		    p->m->width(p->m->priv, title, IOA_PG_BODY, 1) + 8, 13, 0xffffff, 0.9);
	ioa_dl_text(p->dl, x.p0 + 4, b->y0 + 10, title, IOA_PG_BODY, IOA_PG_TEXT, IOA_DL_BOLD);
	x_axis(p, &x, b->y0 + b->h, d->plan.pcpus_lo, d->plan.pcpus_hi);
}

static double legend(struct ioa_pg *p, double y)
{
	const char *labels[5] = { "baseline (shortest run queue)", "online (I/O-aware)",
				  "optimized", "limit (budget, 100 %)", "□ the policy's answer" };
	uint32_t rgb[5] = { ioa_pg_kind_rgb("baseline"), ioa_pg_kind_rgb("online"),
			    ioa_pg_kind_rgb("optimized"), LIMIT_RGB, 0xffffff };
	int dashed[5] = { 0, 0, 0, 1, 0 };

	return ioa_pg_line_legend(p, labels, rgb, dashed, 5, y);
}

void ioa_page_whatif(struct ioa_pg *p)
{
	const struct ioa_plan_data *d = &p->r->plan;
	char sub[192], title[64];
	int comps[IOA_REP_NCOMP], nc = 0, c, varies;
	double y, w, h;
	struct ioa_scale b0 = { 0 };
	struct box b;

	snprintf(sub, sizeof(sub),
		 "the capacity plan over P = %d–%d pCPUs (scenario %lld, %s mode), every point "
		 "simulated with processor sharing",
		 d->plan.pcpus_lo, d->plan.pcpus_hi, (long long)d->plan.scenario_id, d->plan.mode);
	y = ioa_pg_begin(p, "What-if: cores against latency and load", sub);
	y += legend(p, y) + 4;
	varies = fig_max(d, 1) > 1.01 * fig_min(d, 1);
	w = p->x1 - p->x0;
	b = (struct box){ p->x0, y, varies ? w * 0.6 : w, 150 };
	snprintf(title, sizeof(title), "p99 wait of the worst VM (budget %g ms)%s",
		 d->plan.budget_ms, y_scale(&b0, d, 0, d->plan.budget_ms) ? ", log scale" : "");
	chart(p, &b, 0, title, d->plan.budget_ms, " ms");
	if (varies) {
		b = (struct box){ p->x0 + w * 0.62, y, w * 0.38, 150 };
		chart(p, &b, 1, "makespan", NAN, " ms");
	}
	y += 150 + 24;
	for (c = 0; c < IOA_REP_NCOMP; c++)
		if (fig_max(d, 2 + c) > 0)
			comps[nc++] = c;
	if (!nc)
		return;
	h = p->y1 - y - 40;
	h = nc > 3 ? (h - 24) / 2 : h;
	for (c = 0; c < nc; c++) {
		int col = nc > 3 ? c % ((nc + 1) / 2) : c, row = nc > 3 ? c / ((nc + 1) / 2) : 0;
		int ncol = nc > 3 ? (nc + 1) / 2 : nc;

		b = (struct box){ p->x0 + col * w / ncol, y + row * (h + 24), w / ncol - 8, h };
		snprintf(title, sizeof(title), "peak %s", ioa_rep_cat_name(comps[c]));
		chart(p, &b, 2 + comps[c], title, 100, " %");
	}
	ioa_pg_note(
		p, p->y1 - 10,
		"Square: each policy's answer. Makespan is charted only when it varies with P.");
}

/* --- per-VM latency --- */

/* the VM of a metric key "ID" or "ID#k" (copy k of --repeat) as "vm ID NAME" / "vm ID NAME#k" */
static void vm_name(char *buf, size_t size, const struct ioa_report_data *r, const char *key)
{
	const char *hash = strchr(key, '#');
	long long id = atoll(key);
	char named[64];
	size_t i;

	for (i = 0; i < r->nvcpus; i++)
		if (r->vcpus[i].vm_id == id && r->vcpus[i].vm_name[0]) {
			ioa_vm_copy_name(named, sizeof(named), r->vcpus[i].vm_name,
					 hash ? atoi(hash + 1) : 0);
			snprintf(buf, size, "vm %lld %.40s", id, named);
			return;
		}
	ioa_strlcpy(buf, key, size);
}

#define LAT_COLS 7

void ioa_page_latency(struct ioa_pg *p)
{
	static const char *const head[LAT_COLS] = { "schedule", "VM",	    "tasks", "p50 wait",
						    "p99 wait", "max wait", "misses" };
	int room, rows = 0;
	double y;
	size_t i, s;
	char(*cell)[48];
	const char **ptr;

	y = ioa_pg_begin(p, "Latency per VM",
			 "wait (start − release) of each VM's tasks in each simulated schedule; "
			 "percentiles by nearest rank");
	room = IOA_MAX(2, (int)((p->y1 - y) / ioa_pg_row_h()) - 1);
	cell = ioa_xcalloc((size_t)room * LAT_COLS, sizeof(*cell));
	ptr = ioa_xcalloc((size_t)room * LAT_COLS, sizeof(*ptr));
	for (i = 0; i < LAT_COLS; i++)
		snprintf(cell[i], sizeof(cell[i]), "%s", head[i]);
	rows = 1;
	for (s = 0; s < p->r->nscheds; s++)
		for (i = 0; i < p->r->nmetrics && rows < room; i++) {
			const struct ioa_rep_metric *m = &p->r->metrics[i];
			int64_t id = p->r->scheds[s].schedule_id;
			char(*row)[48] = cell + (size_t)rows * LAT_COLS;

			if (m->schedule_id != id || strcmp(m->scope, "vm") ||
			    strcmp(m->name, "tasks"))
				continue;
			snprintf(row[0], 48, "%s", p->r->scheds[s].kind);
			vm_name(row[1], 48, p->r, m->key);
			snprintf(row[2], 48, "%.0f", m->value);
			ioa_pg_fmt_metric(row[3], 48, "p50_wait_s",
					  ioa_pg_metric(p->r, id, "vm", m->key, "p50_wait_s"));
			ioa_pg_fmt_metric(row[4], 48, "p99_wait_s",
					  ioa_pg_metric(p->r, id, "vm", m->key, "p99_wait_s"));
			ioa_pg_fmt_metric(row[5], 48, "max_wait_s",
					  ioa_pg_metric(p->r, id, "vm", m->key, "max_wait_s"));
			snprintf(row[6], 48, "%.0f",
				 ioa_pg_metric(p->r, id, "vm", m->key, "deadline_misses"));
			rows++;
		}
	for (i = 0; i < (size_t)rows * LAT_COLS; i++)
		ptr[i] = cell[i];
	if (rows > 1)
		ioa_pg_table(p, ptr, rows, LAT_COLS, y);
	else
		ioa_pg_note(p, y, "No per-VM figures yet: run `ioaware simulate`.");
	free(cell);
	free(ptr);
}
