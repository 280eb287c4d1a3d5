// SPDX-License-Identifier: GPL-3.0-or-later
/* Page 1, the summary: the traces, the headline numbers baseline vs optimum, ingest warnings. */
#include "pages.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

#define TRACE_COLS 8
#define HEAD_COLS 4
#define HEAD_ROWS 16
#define CELL 48
#define MAX_WARN_LINES 8

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static double traces_table(struct ioa_pg *p, double y)
{
	static const char *const head[TRACE_COLS] = {
		"trace", "host", "span", "CPUs", "events (lost)", "VMs", "vCPUs", "segments",
	};
	size_t n = IOA_MIN(p->r->ntraces, 8), i;
	char cells[9][TRACE_COLS][CELL];
	const char *ptr[9 * TRACE_COLS];
	int c;

	for (i = 0; i < n; i++) {
		const struct ioa_trace_rec *t = &p->r->traces[i];
		double span = t->first_ns == IOA_TS_NONE ? NAN : (double)(t->last_ns - t->first_ns);

		ioa_strlcpy(cells[i + 1][0], base_name(t->file), CELL);
		ioa_strlcpy(cells[i + 1][1], t->host[0] ? t->host : "–", CELL);
		ioa_pg_fmt_ns(cells[i + 1][2], CELL, span);
		snprintf(cells[i + 1][3], CELL, "%d", t->cpus);
		snprintf(cells[i + 1][4], CELL, "%llu (%llu)", (unsigned long long)t->events,
			 (unsigned long long)t->lost_events);
		snprintf(cells[i + 1][5], CELL, "%d", t->n_vms);
		snprintf(cells[i + 1][6], CELL, "%d", t->n_vcpus);
		snprintf(cells[i + 1][7], CELL, "%lld", (long long)t->n_segments);
	}
	for (c = 0; c < TRACE_COLS; c++) {
		ptr[c] = head[c];
		for (i = 0; i < n; i++)
			ptr[(i + 1) * TRACE_COLS + c] = cells[i + 1][c];
	}
	y = ioa_pg_table(p, ptr, (int)n + 1, TRACE_COLS, y);
	if (p->r->ntraces > n)
		y = ioa_pg_note(p, y, "… and %zu more traces", p->r->ntraces - n);
	return y;
}

struct head {
	char cells[HEAD_ROWS][HEAD_COLS][CELL];
	int rows;
};

static void head_row(struct head *h, const char *label, const char *name, double a, double b,
		     int change)
{
	char(*row)[CELL], diff[CELL - 4];

	if ((isnan(a) && isnan(b)) || h->rows >= HEAD_ROWS)
		return;
	row = h->cells[h->rows++];
	snprintf(row[0], CELL, "%s", label);
	ioa_pg_fmt_metric(row[1], CELL, name, a);
	ioa_pg_fmt_metric(row[2], CELL, name, b);
	if (isnan(a) || isnan(b))
		snprintf(row[3], CELL, "–");
	else if (!strcmp(name, "overload_s") && change) {
		ioa_pg_fmt_metric(row[3], CELL, name, a - b);
		strcat(row[3], " removed");
	} else if (!change)
		snprintf(row[3], CELL, " ");
	else if (a != 0 && fabs(100 * (b - a) / a) < 0.05)
		snprintf(row[3], CELL, "0.0 %%");
	else if (a != 0)
		snprintf(row[3], CELL, "%+.1f %%", 100 * (b - a) / fabs(a));
	else {
		/* from zero a ratio means nothing: the difference, in the figure's unit */
		ioa_pg_fmt_metric(diff, sizeof(diff), name, fabs(b - a));
		snprintf(row[3], CELL, "%s%s", b < a ? "−" : "+", diff);
	}
}

/* overload time of a schedule: its own figure, else the sum over components */
static double overload(const struct ioa_report_data *r, int64_t id)
{
	double v = ioa_pg_metric(r, id, "schedule", "", "overload_s"), sum = NAN, x;
	int c;

	if (!isnan(v))
		return v;
	for (c = 0; c < IOA_REP_NCOMP; c++) {
		x = ioa_pg_metric(r, id, "component", ioa_rep_cat_name(c), "overload_s");
		if (!isnan(x))
			sum = isnan(sum) ? x : sum + x;
	}
	return sum;
}

static void head_rows(struct head *h, const struct ioa_report_data *r,
		      const struct ioa_rep_schedule *a, const struct ioa_rep_schedule *b)
{
	char label[48];
	int c;

	head_row(h, "makespan", "makespan_ns", a->makespan_ns < 0 ? NAN : (double)a->makespan_ns,
		 b->makespan_ns < 0 ? NAN : (double)b->makespan_ns, 1);
	for (c = 0; c < IOA_REP_NCOMP; c++) {
		const char *k = ioa_rep_cat_name(c);

		snprintf(label, sizeof(label), "peak utilisation %s", k);
		head_row(h, label, "max_util_pct",
			 ioa_pg_metric(r, a->schedule_id, "component", k, "max_util_pct"),
			 ioa_pg_metric(r, b->schedule_id, "component", k, "max_util_pct"), 1);
	}
	head_row(h, "overload time (any component > 100 %)", "overload_s",
		 overload(r, a->schedule_id), overload(r, b->schedule_id), 1);
	head_row(h, "mean wait (start − release)", "wait_mean_s",
		 ioa_pg_metric(r, a->schedule_id, "schedule", "", "wait_mean_s"),
		 ioa_pg_metric(r, b->schedule_id, "schedule", "", "wait_mean_s"), 1);
	head_row(h, "solve time", "solve_s", a->solve_seconds, b->solve_seconds, 0);
}

static double headline(struct ioa_pg *p, double y)
{
	const struct ioa_rep_schedule *a = ioa_pg_base(p->r), *b = ioa_pg_best(p->r);
	const char *ptr[HEAD_ROWS * HEAD_COLS];
	char obj[32], bound[32];
	struct head h;
	int i, c;

	if (!p->r->nscheds)
		return ioa_pg_note(p, y,
				   "No schedules in the database yet: run `ioaware optimize`"
				   " (and `ioaware simulate`) for the headline numbers.");
	if (!a || !b)
		return ioa_pg_note(p, y,
				   "No baseline/optimized pair among the %zu schedule(s) of"
				   " scenario %lld.",
				   p->r->nscheds, (long long)p->r->scenario.scenario_id);
	memset(&h, 0, sizeof(h));
	snprintf(h.cells[0][0], CELL, "figure");
	snprintf(h.cells[0][1], CELL, "%s", a->kind);
	snprintf(h.cells[0][2], CELL, "%s", b->kind);
	snprintf(h.cells[0][3], CELL, "change");
	h.rows = 1;
	head_rows(&h, p->r, a, b);
	for (i = 0; i < h.rows; i++)
		for (c = 0; c < HEAD_COLS; c++)
			ptr[i * HEAD_COLS + c] = h.cells[i][c];
	y = ioa_pg_table(p, ptr, h.rows, HEAD_COLS, y);
	if (!p->r->nmetrics)
		y = ioa_pg_note(p, y,
				"No simulation results yet (run `ioaware simulate`):"
				" peaks, overload and waits are missing.");
	ioa_pg_fmt_ns(obj, sizeof(obj), b->objective);
	ioa_pg_fmt_ns(bound, sizeof(bound), b->bound);
	if (!isnan(b->gap))
		y = ioa_pg_note(p, y,
				"Gap of the %s schedule: %.2f %% (%s; objective %s, bound %s).",
				b->kind, 100 * b->gap, b->status, obj, bound);
	return y;
}

static double warnings(struct ioa_pg *p, double y)
{
	size_t i, shown = 0;

	if (!p->r->nwarnings)
		return ioa_pg_note(p, y, "Ingest raised no warnings.");
	for (i = 0; i < p->r->nwarnings && shown < MAX_WARN_LINES; i++, shown++)
		y = ioa_pg_note(p, y, "trace %lld: %s", (long long)p->r->warnings[i].trace_id,
				p->r->warnings[i].msg);
	if (i < p->r->nwarnings)
		y = ioa_pg_note(p, y, "… and %zu more (ioaware info lists them all)",
				p->r->nwarnings - i);
	return y;
}

void ioa_page_summary(struct ioa_pg *p)
{
	char sub[256];
	double y;

	snprintf(sub, sizeof(sub), "%zu trace(s), %zu vCPU(s)%s", p->r->ntraces, p->r->nvcpus,
		 p->r->has_scenario ? "" : " · not optimized yet");
	if (p->r->has_scenario)
		snprintf(sub + strlen(sub), sizeof(sub) - strlen(sub),
			 " · scenario %lld on %d pCPUs, %s mode, cap %.0f %%",
			 (long long)p->r->scenario.scenario_id, p->r->scenario.pcpus,
			 p->r->scenario.mode, p->r->scenario.cap_pct);
	y = ioa_pg_begin(p, "ioaware report — summary", sub);
	y = ioa_pg_heading(p, y, "Capacity plan: how many cores");
	y = ioa_pg_plan_head(p, y);
	y = ioa_pg_heading(p, y + 8, "Traces");
	if (p->r->ntraces)
		y = traces_table(p, y);
	else
		y = ioa_pg_note(p, y, "No traces in the database: run `ioaware ingest` first.");
	y = ioa_pg_heading(p, y + 8, "Headline: baseline vs optimized");
	y = headline(p, y);
	y = ioa_pg_heading(p, y + 8, "Warnings from ingest");
	warnings(p, y);
}
