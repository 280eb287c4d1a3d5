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
	char idle[64]; /* components at 0 % in both schedules, left out */
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
	else if (a > 0 && b / a >= 10)
		snprintf(row[3], CELL, "×%.0f", b / a); /* +40858.7 % reads worse than ×410 */
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

		double x = ioa_pg_metric(r, a->schedule_id, "component", k, "max_util_pct");
		double y = ioa_pg_metric(r, b->schedule_id, "component", k, "max_util_pct");

		if (x == 0 && y == 0) { /* a component nobody used: named below, no row */
			snprintf(h->idle + strlen(h->idle), sizeof(h->idle) - strlen(h->idle),
				 "%s%s", h->idle[0] ? ", " : "", k);
			continue;
		}
		snprintf(label, sizeof(label), "peak utilisation %s", k);
		head_row(h, label, "max_util_pct", x, y, 1);
	}
	head_row(h, "overload time (any component > 100 %)", "overload_s",
		 overload(r, a->schedule_id), overload(r, b->schedule_id), 1);
	head_row(h, "mean wait (start − release)", "wait_mean_s",
		 ioa_pg_metric(r, a->schedule_id, "schedule", "", "wait_mean_s"),
		 ioa_pg_metric(r, b->schedule_id, "schedule", "", "wait_mean_s"), 1);
	head_row(h, "solve time", "solve_s", a->solve_seconds, b->solve_seconds, 0);
}

static const char *gap_text(char *buf, size_t size, const struct ioa_rep_schedule *b)
{
	char obj[32], bound[32];

	buf[0] = 0;
	if (isnan(b->gap))
		return buf;
	ioa_pg_fmt_ns(obj, sizeof(obj), b->objective);
	ioa_pg_fmt_ns(bound, sizeof(bound), b->bound);
	snprintf(buf, size, "Gap of the %s schedule: %.2f %% (%s; objective %s, bound %s).",
		 b->kind, 100 * b->gap, b->status, obj, bound);
	return buf;
}

static double headline(struct ioa_pg *p, double y)
{
	const struct ioa_rep_schedule *a = ioa_pg_base(p->r), *b = ioa_pg_best(p->r);
	const char *ptr[HEAD_ROWS * HEAD_COLS];
	char gap[160];
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
	if (!isnan(b->gap) || h.idle[0])
		y = ioa_pg_note(p, y, "%s%s%s%s", h.idle[0] ? "Peak utilisation 0 % in both: " : "",
				h.idle, h.idle[0] ? ". " : "", gap_text(gap, sizeof(gap), b));
	return y;
}

/* "Warnings from ingest: N (trace 1: 2, trace 3: 4), ..." */
static void warn_counts(char *buf, size_t size, const struct ioa_report_data *r)
{
	size_t i, len = (size_t)snprintf(buf, size, "Warnings from ingest: %zu (", r->nwarnings);
	int64_t t;
	int n, k = 0;

	for (i = 0; i < r->nwarnings && len + 40 < size; i += (size_t)n) {
		if (k++ == 5) { /* the heading is one line */
			len += (size_t)snprintf(buf + len, size - len, ", …");
			break;
		}
		t = r->warnings[i].trace_id;
		for (n = 0; i + (size_t)n < r->nwarnings && r->warnings[i + n].trace_id == t; n++)
			;
		len += (size_t)snprintf(buf + len, size - len, "%strace %lld: %d", i ? ", " : "",
					(long long)t, n);
	}
	if (len < size)
		snprintf(buf + len, size - len, "), by kind; each on the last page");
}

/* a warning's kind: its text with every number as N (the same warning of several traces) */
static void warn_kind(char *buf, size_t size, const char *msg)
{
	size_t n = 0;

	for (; *msg && n + 2 < size; msg++) {
		if (*msg >= '0' && *msg <= '9') {
			while (msg[1] >= '0' && msg[1] <= '9')
				msg++;
			buf[n++] = 'N';
		} else {
			buf[n++] = *msg;
		}
	}
	buf[n] = 0;
}

/* the traces with a warning of the kind of warning @i, and whether @i is the kind's first */
static int kind_traces(char *buf, size_t size, const struct ioa_report_data *r, size_t i)
{
	char a[256], b[256];
	size_t j, len = 0;
	int n = 0;

	warn_kind(a, sizeof(a), r->warnings[i].msg);
	for (j = 0; j < r->nwarnings && len < size; j++) {
		warn_kind(b, sizeof(b), r->warnings[j].msg);
		if (strcmp(a, b))
			continue;
		if (j < i)
			return 0;
		len += (size_t)snprintf(buf + len, size - len, "%s%lld", n++ ? ", " : "",
					(long long)r->warnings[j].trace_id);
	}
	return n;
}

/*
 * Page 1: every warning when they fit above the footer; else a count per trace, then one line
 * per kind of warning (with the traces that raised it) as far as they fit, and every warning
 * on a page of its own at the end (ioa_page_warnings)
 */
static void warnings(struct ioa_pg *p, double y)
{
	const struct ioa_report_data *r = p->r;
	double h = 18; /* the heading */
	size_t room = (size_t)IOA_MAX(0.0, floor((p->y1 - 4 - h - y) / ioa_pg_row_h())), i;
	size_t kinds = 0, shown = 0;
	char counts[256], traces[128], kind[256];
	int n;

	if (!r->nwarnings) {
		ioa_pg_note(p, ioa_pg_heading(p, y, "Warnings from ingest"),
			    "Ingest raised no warnings.");
		return;
	}
	p->warn_page = r->nwarnings > room;
	warn_counts(counts, sizeof(counts), r);
	y = ioa_pg_heading(p, y, p->warn_page ? counts : "Warnings from ingest");
	if (!p->warn_page) {
		for (i = 0; i < r->nwarnings; i++)
			y = ioa_pg_note(p, y, "trace %lld: %s", (long long)r->warnings[i].trace_id,
					r->warnings[i].msg);
		return;
	}
	for (i = 0; i < r->nwarnings; i++)
		kinds += kind_traces(traces, sizeof(traces), r, i) > 0;
	for (i = 0; i < r->nwarnings && (shown + 1 < room || kinds <= room); i++) {
		n = kind_traces(traces, sizeof(traces), r, i);
		if (!n)
			continue;
		warn_kind(kind, sizeof(kind), r->warnings[i].msg);
		y = ioa_pg_note(p, y, "trace%s %s: %s", n > 1 ? "s" : "", traces,
				n > 1 ? kind : r->warnings[i].msg);
		shown++;
	}
	if (shown < kinds)
		ioa_pg_note(p, y, "… %zu more kind(s) on the last page", kinds - shown);
}

void ioa_page_warnings(struct ioa_pg *p)
{
	const struct ioa_report_data *r = p->r;
	double y;
	size_t i;

	if (!p->warn_page)
		return;
	y = ioa_pg_begin(p, "Warnings from ingest",
			 "every warning the ingest of each trace raised (`ioaware info` lists them "
			 "too)");
	for (i = 0; i < r->nwarnings; i++) {
		char line[640];

		if (y + 3 * ioa_pg_row_h() > p->y1)
			y = ioa_pg_begin(p, "Warnings from ingest (continued)", NULL);
		snprintf(line, sizeof(line), "trace %lld: %s", (long long)r->warnings[i].trace_id,
			 r->warnings[i].msg);
		y = ioa_pg_wrap(p, y, line, IOA_PG_BODY, IOA_PG_GREY, 0, 3);
	}
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
	else if (p->r->has_scenario && strcmp(p->r->scenario.source, "trace"))
		y = ioa_pg_note(p, y,
				"No traces: scenario %lld \"%s\" is not from a trace (source: %s).",
				(long long)p->r->scenario.scenario_id, p->r->scenario.name,
				p->r->scenario.source);
	else
		y = ioa_pg_note(p, y, "No traces in the database: run `ioaware ingest` first.");
	y = ioa_pg_heading(p, y + 8, "Headline: baseline vs optimized");
	y = headline(p, y);
	warnings(p, y + 8);
}
