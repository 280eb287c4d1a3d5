// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Page 4, the schedules and their metrics side by side per schedule kind with the online policy
 * against the optimum, and page 5, the classification evidence per VM and vCPU. Long tables
 * continue on further pages.
 */
#include "pages.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define CELL 96
#define SCHED_COLS 8
#define MAX_KINDS 8
#define MAX_VCPU_ROWS 60

/* a table of CELL-sized strings with the pointer array ioa_pg_table() wants */
struct grid {
	char (*cell)[CELL];
	const char **ptr;
	int rows, cols;
};

static void grid_init(struct grid *g, int rows, int cols)
{
	int i;

	g->rows = rows;
	g->cols = cols;
	g->cell = ioa_xcalloc((size_t)rows * cols, CELL);
	g->ptr = ioa_xcalloc((size_t)rows * cols, sizeof(*g->ptr));
	for (i = 0; i < rows * cols; i++)
		g->ptr[i] = g->cell[i];
}

static void grid_free(struct grid *g)
{
	free(g->cell);
	free(g->ptr);
}

static char *at(struct grid *g, int r, int c)
{
	return g->cell[r * g->cols + c];
}

/* draw rows [from, to) of @g under its header row; returns the y below */
static double grid_part(struct ioa_pg *p, struct grid *g, int from, int to, double y)
{
	const char **ptr = ioa_xcalloc((size_t)(to - from + 1) * g->cols, sizeof(*ptr));

	memcpy(ptr, g->ptr, g->cols * sizeof(*ptr));
	memcpy(ptr + g->cols, g->ptr + (size_t)from * g->cols,
	       (size_t)(to - from) * g->cols * sizeof(*ptr));
	y = ioa_pg_table(p, ptr, to - from + 1, g->cols, y);
	free(ptr);
	return y;
}

/* the whole grid from y, continued on new pages titled @title; returns the y below it */
static double grid_paged(struct ioa_pg *p, struct grid *g, double y, const char *title)
{
	int from = 1, fit;

	while (from < g->rows) {
		fit = (int)((p->y1 - y) / ioa_pg_row_h()) - 2;
		if (fit < 1) {
			y = ioa_pg_begin(p, title, NULL);
			continue;
		}
		fit = IOA_MIN(fit, g->rows - from);
		y = grid_part(p, g, from, from + fit, y);
		from += fit;
		if (from < g->rows)
			y = ioa_pg_begin(p, title, NULL);
	}
	return y;
}

static void sched_row(struct grid *g, int r, const struct ioa_rep_schedule *s)
{
	snprintf(at(g, r, 0), CELL, "%s", s->kind);
	snprintf(at(g, r, 1), CELL, "%s", s->status);
	snprintf(at(g, r, 2), CELL, "%zu", s->nspans);
	ioa_pg_fmt_ns(at(g, r, 3), CELL, s->makespan_ns < 0 ? NAN : (double)s->makespan_ns);
	/* objectives (makespan, total lateness) and bounds are ns */
	ioa_pg_fmt_ns(at(g, r, 4), CELL, s->objective);
	ioa_pg_fmt_ns(at(g, r, 5), CELL, s->bound);
	snprintf(at(g, r, 6), CELL, isnan(s->gap) ? "–" : "%.2f %%", 100 * s->gap);
	ioa_pg_fmt_metric(at(g, r, 7), CELL, "solve_s", s->solve_seconds);
}

static double sched_table(struct ioa_pg *p, double y)
{
	static const char *const head[SCHED_COLS] = {
		"schedule",  "status", "tasks", "makespan",
		"objective", "bound",  "gap",	"solve time",
	};
	struct grid g;
	size_t i;
	int c;

	grid_init(&g, (int)p->r->nscheds + 1, SCHED_COLS);
	for (c = 0; c < SCHED_COLS; c++)
		snprintf(at(&g, 0, c), CELL, "%s", head[c]);
	for (i = 0; i < p->r->nscheds; i++)
		sched_row(&g, (int)i + 1, &p->r->scheds[i]);
	y = ioa_pg_table(p, g.ptr, g.rows, g.cols, y);
	grid_free(&g);
	return y;
}

static double online_vs_best(struct ioa_pg *p, double y)
{
	const struct ioa_rep_schedule *on = ioa_pg_sched(p->r, "online"), *b = ioa_pg_best(p->r);
	char a[32], c[32];

	if (!on || !b)
		return ioa_pg_note(p, y, "Online policy vs optimum: %s.",
				   on ? "no optimized schedule" : "no online schedule");
	if (on->makespan_ns <= 0 || b->makespan_ns <= 0)
		return ioa_pg_note(p, y, "Online policy vs optimum: makespans unknown.");
	ioa_pg_fmt_ns(a, sizeof(a), (double)on->makespan_ns);
	ioa_pg_fmt_ns(c, sizeof(c), (double)b->makespan_ns);
	return ioa_pg_note(p, y,
			   "Online policy vs optimum: makespan %s vs %s (%s) — the online"
			   " policy is %+.1f %% from the offline optimum%s.",
			   a, c, b->kind,
			   100.0 * (double)(on->makespan_ns - b->makespan_ns) /
				   (double)b->makespan_ns,
			   b->gap > 0 ? " (itself within its gap)" : "");
}

static void metric_label(char *buf, const struct ioa_rep_metric *m)
{
	if (!strcmp(m->scope, "schedule"))
		snprintf(buf, CELL, "%s", m->name);
	else if (!strcmp(m->scope, "pcpu"))
		snprintf(buf, CELL, "pCPU %s  %s", m->key, m->name);
	else if (!strcmp(m->scope, "vcpu"))
		snprintf(buf, CELL, "vCPU %s  %s", m->key, m->name);
	else if (!strcmp(m->scope, "vm"))
		snprintf(buf, CELL, "VM %s  %s", m->key, m->name);
	else
		snprintf(buf, CELL, "%s  %s", m->key, m->name);
}

/* metric rows (distinct scope/key/name, in load order) × schedule columns */
static void metric_grid(struct grid *g, const struct ioa_report_data *r, int *vcpu_rows)
{
	char label[CELL];
	size_t i, k;
	int row, col;

	grid_init(g, (int)r->nmetrics + 1, (int)IOA_MIN(r->nscheds, MAX_KINDS) + 1);
	snprintf(at(g, 0, 0), CELL, "metric");
	for (k = 0; k + 1 < (size_t)g->cols; k++)
		snprintf(at(g, 0, (int)k + 1), CELL, "%s", r->scheds[k].kind);
	g->rows = 1;
	for (i = 0; i < r->nmetrics; i++) {
		metric_label(label, &r->metrics[i]);
		for (row = 1; row < g->rows && strcmp(at(g, row, 0), label); row++)
			;
		if (row == g->rows && !strcmp(r->metrics[i].scope, "vcpu") &&
		    (*vcpu_rows)++ >= MAX_VCPU_ROWS)
			continue; /* per-vCPU rows can be thousands: the first ones only */
		if (row == g->rows) {
			snprintf(at(g, row, 0), CELL, "%s", label);
			for (col = 1; col < g->cols; col++)
				snprintf(at(g, row, col), CELL, "–");
			g->rows++;
		}
		for (col = 1; col < g->cols; col++)
			if (r->scheds[col - 1].schedule_id == r->metrics[i].schedule_id)
				ioa_pg_fmt_metric(at(g, row, col), CELL, r->metrics[i].name,
						  r->metrics[i].value);
	}
}

void ioa_page_metrics(struct ioa_pg *p)
{
	int vcpu_rows = 0;
	struct grid g;
	double y;

	y = ioa_pg_begin(p, "Schedules and metrics",
			 p->r->has_scenario ? p->r->scenario.name : "no scenario yet");
	if (!p->r->nscheds) {
		ioa_pg_note(p, y,
			    "No schedules yet: run `ioaware optimize` (then `ioaware simulate`"
			    " for the metrics).");
		return;
	}
	y = sched_table(p, y);
	y = online_vs_best(p, y + 2);
	y = ioa_pg_heading(p, y + 8, "Metrics per schedule (from `ioaware simulate`)");
	if (!p->r->nmetrics) {
		ioa_pg_note(p, y, "No metrics yet: run `ioaware simulate`.");
		return;
	}
	metric_grid(&g, p->r, &vcpu_rows);
	y = grid_paged(p, &g, y, "Schedules and metrics (continued)");
	grid_free(&g);
	if (vcpu_rows > MAX_VCPU_ROWS)
		ioa_pg_note(p, y,
			    "… %d more per-vCPU rows: `sqlite3 DB \"SELECT * FROM metric"
			    " WHERE scope = 'vcpu'\"`",
			    vcpu_rows - MAX_VCPU_ROWS);
}

#define VC_LABEL_W 170.0
#define VC_TEXT_W 190.0
#define VC_PITCH 18.0
#define VC_BAR 11.0

static int64_t vcpu_total(const struct ioa_rep_vcpu *v)
{
	int64_t t = 0;
	int k;

	for (k = 0; k < IOA_REP_NCAT; k++)
		t += v->ns[k];
	return t;
}

static void vcpu_row(struct ioa_pg *p, const struct ioa_rep_vcpu *v, const struct ioa_scale *x,
		     double y)
{
	char label[160], fit[160], tot[32], text[128];
	double bx = x->p0;
	int k;

	if (v->vcpu >= 0)
		snprintf(label, sizeof(label), "vm %lld %s / vCPU %d", (long long)v->vm_id,
			 v->vm_name, v->vcpu);
	else
		snprintf(label, sizeof(label), "vm %lld %s / vCPU ?", (long long)v->vm_id,
			 v->vm_name);
	ioa_text_fit(fit, sizeof(fit), label, p->m, IOA_PG_BODY, 0, VC_LABEL_W - 8);
	ioa_dl_text(p->dl, p->x0, y + VC_BAR - 2, fit, IOA_PG_BODY, IOA_PG_TEXT, 0);
	for (k = 0; k < IOA_REP_NCAT; k++) {
		double w = ioa_scale_map(x, (double)v->ns[k]) - x->p0;

		if (w > 0)
			ioa_dl_rect(p->dl, bx, y, w, VC_BAR, ioa_palette(k), 1);
		bx += w;
	}
	ioa_pg_fmt_ns(tot, sizeof(tot), (double)vcpu_total(v));
	if (v->conf >= 0)
		snprintf(text, sizeof(text), "%s · confidence %.2f · %lld runs", tot, v->conf,
			 (long long)v->segments);
	else
		snprintf(text, sizeof(text), "%s · %lld runs", tot, (long long)v->segments);
	ioa_dl_text(p->dl, p->x1, y + VC_BAR - 2, text, IOA_PG_BODY, IOA_PG_TEXT, IOA_DL_RIGHT);
}

static double classes_begin(struct ioa_pg *p, int first)
{
	static const int cats[] = {
		0, 1, 2, 3, 4, 5, IOA_REP_COMPUTE, IOA_REP_OVERHEAD, IOA_REP_UNCLASSIFIED
	};
	double y;

	y = ioa_pg_begin(p,
			 first ? "Classification evidence"
			       : "Classification evidence"
				 " (continued)",
			 "time on CPU per VM and vCPU by I/O category, with the"
			 " mean confidence of the labels");
	if (first && !p->r->classified)
		y = ioa_pg_note(p, y,
				"Not classified yet: run `ioaware classify`. The bars show"
				" run time only.");
	return y + ioa_pg_legend(p, cats, IOA_ARRAY_SIZE(cats), y) + 6;
}

static void vm_label(char *buf, size_t size, int64_t vm, int copy, const char *name)
{
	char named[64];

	/* a synthetic scenario's VMs have no name ("?"): the id is all there is */
	ioa_vm_copy_name(named, sizeof(named), strcmp(name, "?") ? name : "", copy);
	snprintf(buf, size, "vm %lld%s%s", (long long)vm, named[0] == '#' ? "" : " ", named);
}

/* the VM pairs that used one component at once: they should not share a host or a slot */
static double pairs_table(struct ioa_pg *p, double y)
{
	static const char *const head[5] = { "VM", "VM", "component", "both at once", "schedule" };
	const struct ioa_report_data *r = p->r;
	struct grid g;
	size_t i;
	int c;

	y = ioa_pg_note(p, y + 14,
			"Interference: these VMs ran vCPUs of the same I/O category at the same"
			" time; they should not share a host or a time slot.");
	if (!r->npairs)
		return ioa_pg_note(p, y,
				   "No two VMs used one component at once in the as-traced"
				   " or baseline schedule.");
	grid_init(&g, (int)r->npairs + 1, 5);
	for (c = 0; c < 5; c++)
		snprintf(at(&g, 0, c), CELL, "%s", head[c]);
	for (i = 0; i < r->npairs; i++) {
		const struct ioa_rep_pair *x = &r->pairs[i];

		vm_label(at(&g, (int)i + 1, 0), CELL, x->vm_a, x->copy_a, x->name_a);
		vm_label(at(&g, (int)i + 1, 1), CELL, x->vm_b, x->copy_b, x->name_b);
		snprintf(at(&g, (int)i + 1, 2), CELL, "%s", ioa_rep_cat_name(x->cat));
		ioa_pg_fmt_ns(at(&g, (int)i + 1, 3), CELL, (double)x->overlap_ns);
		snprintf(at(&g, (int)i + 1, 4), CELL, "%s", x->kind);
	}
	y = grid_paged(p, &g, y, "Interference (continued)");
	grid_free(&g);
	return y;
}

/* what each VM's guest ran, where its own trace was ingested with the host's */
static double gtasks_table(struct ioa_pg *p, double y)
{
	static const char *const head[7] = { "VM",	 "guest task", "threads", "run time",
					     "I/O time", "category",   "share" };
	const struct ioa_report_data *r = p->r;
	struct grid g;
	size_t i;
	int c;

	y = ioa_pg_note(
		p, y + 14,
		"Guest tasks: what each VM's guest ran (its own trace ingested with the"
		" host's); its vCPU runs take the categories of the tasks that ran in them.");
	grid_init(&g, (int)r->ngtasks + 1, 7);
	for (c = 0; c < 7; c++)
		snprintf(at(&g, 0, c), CELL, "%s", head[c]);
	for (i = 0; i < r->ngtasks; i++) {
		const struct ioa_rep_gtask *x = &r->gtasks[i];
		int row = (int)i + 1;

		vm_label(at(&g, row, 0), CELL, x->vm_id, 0, x->vm_name);
		snprintf(at(&g, row, 1), CELL, "%s", x->comm);
		snprintf(at(&g, row, 2), CELL, "%d", x->threads);
		ioa_pg_fmt_ns(at(&g, row, 3), CELL, (double)x->run_ns);
		ioa_pg_fmt_ns(at(&g, row, 4), CELL, (double)x->io_ns);
		snprintf(at(&g, row, 5), CELL, "%s", ioa_rep_cat_name(x->cat));
		snprintf(at(&g, row, 6), CELL, "%.1f %%", 100 * x->share);
	}
	y = grid_paged(p, &g, y, "Guest tasks (continued)");
	grid_free(&g);
	return y;
}

void ioa_page_classes(struct ioa_pg *p)
{
	struct ioa_scale x = { 0, 1, p->x0 + VC_LABEL_W, p->x1 - VC_TEXT_W };
	double y;
	size_t i;

	if (!p->r->ntraces && p->r->has_scenario) { /* nothing was classified: nothing to say */
		y = ioa_pg_begin(p, "Classification evidence", NULL);
		y = ioa_pg_note(p, y,
				"Scenario %lld is not from a trace (source: %s): its tasks "
				"carry their categories, there is no evidence to show.",
				(long long)p->r->scenario.scenario_id, p->r->scenario.source);
		pairs_table(p, y + 10);
		return;
	}
	y = classes_begin(p, 1);
	if (!p->r->nvcpus) {
		ioa_pg_note(p, y, "No vCPUs found in the traces.");
		return;
	}
	for (i = 0; i < p->r->nvcpus; i++)
		x.d1 = IOA_MAX(x.d1, (double)vcpu_total(&p->r->vcpus[i]));
	for (i = 0; i < p->r->nvcpus; i++) {
		if (y + VC_PITCH > p->y1 - 40) {
			ioa_pg_time_axis(p, &x, y, "time on CPU");
			y = classes_begin(p, 0);
		}
		vcpu_row(p, &p->r->vcpus[i], &x, y);
		y += VC_PITCH;
	}
	ioa_pg_time_axis(p, &x, y, "time on CPU");
	if (p->r->ngtasks) {
		if (y + 40 + 14 * (double)p->r->ngtasks > p->y1)
			y = ioa_pg_begin(p, "Guest tasks", NULL) - 14;
		else
			y += 24;
		y = gtasks_table(p, y);
	}
	if (p->r->has_scenario) {
		if (y + 120 > p->y1)
			y = ioa_pg_begin(p, "Interference", NULL) - 14;
		else
			y += 24;
		pairs_table(p, y);
	}
}
