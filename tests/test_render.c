// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Unit tests of the report layout (render/): nice ticks in real units, labels that do not
 * overlap, ellipsised text, legends, table widths, the per-pixel aggregation that bounds what a
 * timeline of 100,000 segments draws, the palette, and whole reports built into a display list
 * (no surface): every page present, texts inside the page and never overlapping.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "layout.h"
#include "util.h"
#include "pages.h"
#include "report.h"

static const struct ioa_measure est = { NULL, ioa_measure_estimate };

static void test_nice_step(void **state)
{
	(void)state;
	assert_true(fabs(ioa_nice_step(0, 1.5e9, 8) - 2e8) < 1);
	assert_true(fabs(ioa_nice_step(0, 10, 5) - 2) < 1e-9);
	assert_true(fabs(ioa_nice_step(0, 7, 10) - 0.5) < 1e-9);
	assert_true(fabs(ioa_nice_step(3, 3, 5) - 1) < 1e-9); /* empty span: no division */
}

static void test_ticks_time_units(void **state)
{
	struct ioa_ticks t;

	(void)state;
	ioa_ticks_time(&t, 0, 1.5e9, 8);
	assert_string_equal(t.unit, "ms");
	assert_int_equal(t.n, 8);
	assert_string_equal(t.label[0], "0");
	assert_string_equal(t.label[1], "200");
	assert_string_equal(t.label[7], "1400");
	ioa_ticks_time(&t, 0, 3e9, 6);
	assert_string_equal(t.unit, "s");
	assert_string_equal(t.label[1], "0.5");
	ioa_ticks_time(&t, 0, 50e3, 5);
	assert_string_equal(t.unit, "µs");
	assert_string_equal(t.label[1], "10");
	ioa_ticks_linear(&t, 0, 120, 6);
	assert_string_equal(t.label[t.n - 1], "120");
}

static void test_ticks_fit_no_overlap(void **state)
{
	double x[IOA_MAX_TICKS], w[IOA_MAX_TICKS];
	struct ioa_ticks t;
	double widths[] = { 60, 120, 300, 760 };
	size_t k;
	int i;

	(void)state;
	for (k = 0; k < IOA_ARRAY_SIZE(widths); k++) {
		struct ioa_scale s = { 0, 1.234e9, 40, 40 + widths[k] };

		ioa_ticks_fit(&t, &s, 1, &est, 7.5, 6);
		assert_true(t.n >= 2);
		for (i = 0; i < t.n; i++) {
			x[i] = ioa_scale_map(&s, t.v[i]);
			w[i] = ioa_measure_estimate(NULL, t.label[i], 7.5, 0);
		}
		if (ioa_labels_overlap(x, w, t.n, 6))
			fail_msg("width %.0f: %d tick labels overlap", widths[k], t.n);
	}
}

static void test_labels_pick(void **state)
{
	double x[] = { 0, 5, 10, 30, 31, 60 }, w[] = { 8, 8, 8, 8, 8, 8 };
	double kx[6], kw[6];
	int keep[6], n, i, k = 0;

	(void)state;
	n = ioa_labels_pick(x, w, 6, 2, keep);
	assert_int_equal(keep[0], 1);
	for (i = 0; i < 6; i++)
		if (keep[i]) {
			kx[k] = x[i];
			kw[k++] = w[i];
		}
	assert_int_equal(n, k);
	assert_int_equal(n, 4); /* 0, 10, 30, 60 */
	assert_false(ioa_labels_overlap(kx, kw, k, 2));
}

static void test_text_fit(void **state)
{
	char buf[64];

	(void)state;
	ioa_text_fit(buf, sizeof(buf), "short", &est, 9, 0, 200);
	assert_string_equal(buf, "short");
	ioa_text_fit(buf, sizeof(buf), "a very long virtual machine name that cannot fit", &est, 9,
		     0, 80);
	assert_true(ioa_measure_estimate(NULL, buf, 9, 0) <= 80);
	assert_non_null(strstr(buf, "…"));
	ioa_text_fit(buf, sizeof(buf), "ééééééééééééééééééé", &est, 9, 0, 30);
	assert_true(ioa_measure_estimate(NULL, buf, 9, 0) <= 30);
}

static void test_legend_layout(void **state)
{
	const char *labels[IOA_REP_NCAT];
	struct ioa_legend_pos pos[IOA_REP_NCAT];
	double h, right;
	int i;

	(void)state;
	for (i = 0; i < IOA_REP_NCAT; i++)
		labels[i] = ioa_rep_cat_name(i);
	h = ioa_legend_layout(pos, labels, IOA_REP_NCAT, &est, 7.5, 10, 100, 150);
	assert_true(h > 7.5 * 1.6 * 2); /* wrapped into several rows */
	for (i = 0; i < IOA_REP_NCAT; i++) {
		right = pos[i].x + 7.5 * 1.4 + ioa_measure_estimate(NULL, labels[i], 7.5, 0);
		assert_true(pos[i].x == 10 || right <= 10 + 150);
		if (i && pos[i].y == pos[i - 1].y)
			assert_true(pos[i].x >
				    pos[i - 1].x + 7.5 * 1.4 +
					    ioa_measure_estimate(NULL, labels[i - 1], 7.5, 0));
	}
}

static void test_table_widths(void **state)
{
	const char *cells[] = {
		"metric",  "baseline", "optimized", "a very long metric name of some component",
		"1.234 s", "1.111 s",
	};
	double colw[3], total;

	(void)state;
	total = ioa_table_widths(colw, cells, 2, 3, &est, 9, 12, 1000);
	assert_true(colw[0] > ioa_measure_estimate(NULL, cells[3], 9, 0));
	total = ioa_table_widths(colw, cells, 2, 3, &est, 9, 12, 200);
	assert_true(total <= 200 + 1e-9);
	assert_true(colw[1] >= ioa_measure_estimate(NULL, "baseline", 9, 1));
}

static void test_palette(void **state)
{
	static const uint32_t okabe_ito[] = {
		0xe69f00, 0x56b4e9, 0x009e73, 0xf0e442, 0x0072b2, 0xd55e00, 0xcc79a7, 0x000000,
	};
	int i, j, found;

	(void)state;
	assert_int_equal(IOA_PALETTE_SIZE, 10); /* 8 categories, IDLE, unclassified */
	for (i = 0; i < IOA_PALETTE_SIZE; i++)
		for (j = 0; j < i; j++)
			assert_int_not_equal(ioa_palette(i), ioa_palette(j));
	for (i = 0; i <= IOA_REP_OVERHEAD; i++) {
		found = 0;
		for (j = 0; j < 8; j++)
			found |= ioa_palette(i) == okabe_ito[j];
		assert_true(found);
	}
	assert_int_equal(ioa_palette(IOA_REP_IDLE), 0x999999);
	assert_int_equal(ioa_palette(-1), ioa_palette(IOA_REP_UNCLASSIFIED));
	assert_int_equal(ioa_rep_cat_parse("gpu"), IOA_REP_GPU);
	assert_int_equal(ioa_rep_cat_parse(NULL), IOA_REP_UNCLASSIFIED);
}

/* n spans on @lanes lanes over [0, 1 s), deterministic pseudo-random */
static struct ioa_rep_span *random_spans(size_t n, int lanes)
{
	struct ioa_rep_span *s = calloc(n, sizeof(*s));
	uint64_t x = 88172645463325252ull;
	int64_t per = 1000000000 / (int64_t)(n / (size_t)lanes + 1);
	size_t i;

	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		s[i].lane = (int)(i % (size_t)lanes);
		s[i].start_ns = (int64_t)(i / (size_t)lanes) * per;
		s[i].end_ns = s[i].start_ns + (int64_t)(x % (uint64_t)per);
		s[i].cat = (int)(x >> 40) % 7;
	}
	return s;
}

static void test_aggregate_bounds_100k(void **state)
{
	struct ioa_rep_span *s = random_spans(100000, 8);
	struct ioa_bar *bars;
	size_t nb, i;

	(void)state;
	ioa_lanes_aggregate(&bars, &nb, s, 100000, 8, 0, 1e9, 760);
	assert_true(nb > 8);
	if (nb > 8 * 760)
		fail_msg("%zu bars for 8 lanes x 760 columns", nb);
	for (i = 0; i < nb; i++) {
		assert_true(bars[i].lane >= 0 && bars[i].lane < 8);
		assert_true(bars[i].col0 >= 0 && bars[i].col0 + bars[i].ncols <= 760);
		assert_true(bars[i].cat >= 0 && bars[i].cat < 7);
		assert_true(bars[i].cover > 0 && bars[i].cover <= 1);
	}
	free(bars);
	free(s);
}

static void test_aggregate_exact(void **state)
{
	struct ioa_rep_span s[] = {
		{ 0, 500, 0, IOA_REP_GPU }, /* first half of lane 0, full columns */
		{ 500, 1000, 0, IOA_REP_BUS },
		{ 0, 1000, 5, IOA_REP_RAM }, /* lane out of range: ignored */
		{ 0, 30, 1, IOA_REP_RAM },   /* 30 % of column 0 of lane 1 */
	};
	struct ioa_bar *bars;
	size_t nb;

	(void)state;
	ioa_lanes_aggregate(&bars, &nb, s, 4, 2, 0, 1000, 10);
	assert_int_equal(nb, 3);
	assert_int_equal(bars[0].cat, IOA_REP_GPU);
	assert_int_equal(bars[0].ncols, 5);
	assert_true(bars[0].cover == 1.0f);
	assert_int_equal(bars[1].cat, IOA_REP_BUS);
	assert_int_equal(bars[1].col0, 5);
	assert_int_equal(bars[2].lane, 1);
	assert_true(bars[2].cover < 1.0f);
	free(bars);
}

static void test_series_envelope(void **state)
{
	size_t n = 100000, i, np;
	int64_t *t = malloc(n * sizeof(*t));
	double *v = malloc(n * sizeof(*v)), *xy, ymin = 1e9;
	struct ioa_scale x = { 0, 1e9, 0, 700 }, y = { 0, 150, 200, 0 };

	(void)state;
	for (i = 0; i < n; i++) {
		t[i] = (int64_t)i * 10000;
		v[i] = i == 54321 ? 140 : (double)(i % 90);
	}
	np = ioa_series_envelope(&xy, t, v, n, &x, &y, 1e9);
	if (np > 4 * 701)
		fail_msg("%zu points for 700 columns", np);
	for (i = 0; i < np; i++)
		ymin = fmin(ymin, xy[2 * i + 1]);
	/* the one peak of 140 % survives the reduction */
	assert_true(fabs(ymin - ioa_scale_map(&y, 140)) < 1e-9);
	free(xy);
	free(t);
	free(v);
}

static void test_json_pairs(void **state)
{
	char names[4][16];
	double vals[4];

	(void)state;
	assert_int_equal(ioa_json_pairs("{\"GPU\": 113.5, \"BUS\":80}", names, vals, 4), 2);
	assert_string_equal(names[0], "GPU");
	assert_true(vals[0] == 113.5 && vals[1] == 80);
	assert_int_equal(ioa_json_pairs("", names, vals, 4), 0);
	assert_int_equal(ioa_json_pairs("{\"x\": null}", names, vals, 4), 0);
}

/* the box a text op covers, from the same width estimate the layout used */
static void text_box(const struct ioa_dl *dl, const struct ioa_dl_op *op, double *b)
{
	double w =
		ioa_measure_estimate(NULL, ioa_dl_str(dl, op), op->size, op->flags & IOA_DL_BOLD);

	b[0] = op->x - (op->flags & IOA_DL_RIGHT ? w : op->flags & IOA_DL_CENTER ? w / 2 : 0);
	b[1] = b[0] + w;
	b[2] = op->y - 0.75 * op->size;
	b[3] = op->y + 0.2 * op->size;
}

static void check_pages(const struct ioa_dl *dl)
{
	double a[4], b[4], tol = 0.5;
	size_t i, j;

	for (i = 0; i < dl->n; i++) {
		const struct ioa_dl_op *op = &dl->ops[i];

		if (op->kind != IOA_DL_TEXT)
			continue;
		text_box(dl, op, a);
		if (a[0] < -tol || a[1] > dl->page_w + tol || a[2] < 0 || a[3] > dl->page_h)
			fail_msg("page %d: '%s' outside the page", op->page + 1,
				 ioa_dl_str(dl, op));
		for (j = 0; j < i; j++) {
			if (dl->ops[j].kind != IOA_DL_TEXT || dl->ops[j].page != op->page)
				continue;
			text_box(dl, &dl->ops[j], b);
			if (a[0] < b[1] - tol && b[0] < a[1] - tol && a[2] < b[3] - tol &&
			    b[2] < a[3] - tol)
				fail_msg("page %d: '%s' overlaps '%s'", op->page + 1,
					 ioa_dl_str(dl, op), ioa_dl_str(dl, &dl->ops[j]));
		}
	}
}

static void test_report_empty(void **state)
{
	struct ioa_report_data r;
	struct ioa_dl dl;
	int page;

	(void)state;
	memset(&r, 0, sizeof(r));
	ioa_dl_init(&dl, IOA_PAGE_W, IOA_PAGE_H);
	ioa_report_build(&dl, &r, &est, NULL);
	assert_int_equal(dl.pages, 7);
	for (page = 0; page < dl.pages; page++)
		assert_true(ioa_dl_count(&dl, IOA_DL_TEXT, page) >= 3); /* title, note, footer */
	check_pages(&dl);
	ioa_dl_release(&dl);
}

/* a plan of 3 policies over P = 1..12: page 1 leads with it, the what-if page charts it */
static void test_report_plan(void **state)
{
	static const char *const pol[] = { "baseline", "online", "optimized" };
	struct ioa_plan_policy_rec pr[3];
	struct ioa_plan_point_rec pt[36];
	struct ioa_report_data r;
	struct ioa_dl dl;
	int i, k;

	(void)state;
	memset(&r, 0, sizeof(r));
	memset(pr, 0, sizeof(pr));
	memset(pt, 0, sizeof(pt));
	r.plan.plan = (struct ioa_plan_rec){ .plan_id = 1,
					     .scenario_id = 1,
					     .budget_ms = 1,
					     .mode = "strict",
					     .pcpus_lo = 1,
					     .pcpus_hi = 12,
					     .time_limit_s = 2 };
	snprintf(r.plan.plan.sentence, sizeof(r.plan.plan.sentence),
		 "for p99 wait ≤ 1 ms and no component above 100 %%: shortest run queue needs 4 "
		 "cores, the I/O-aware online policy 3, the optimum 3");
	for (k = 0; k < 3; k++) {
		snprintf(pr[k].policy, sizeof(pr[k].policy), "%s", pol[k]);
		pr[k].cores = 4 - !!k;
		snprintf(pr[k].binding, sizeof(pr[k].binding), "wait");
		snprintf(pr[k].reason, sizeof(pr[k].reason), "vm 2: p99 wait 1.5 ms > budget 1 ms");
		snprintf(pr[k].peaks, sizeof(pr[k].peaks), "{\"GPU\": 90, \"BUS\": 40}");
		for (i = 0; i < 12; i++) {
			struct ioa_plan_point_rec *x = &pt[k * 12 + i];

			x->pcpus = i + 1;
			snprintf(x->policy, sizeof(x->policy), "%s", pol[k]);
			x->p99_wait_ms = 8.0 / (i + 1);
			x->makespan_ms = 100.0 / (i + 1) + 20;
			snprintf(x->peaks, sizeof(x->peaks), "{\"GPU\": %d, \"BUS\": 40}",
				 k ? 90 : 60 + 10 * i);
		}
	}
	r.plan.pol = pr;
	r.plan.npol = 3;
	r.plan.pt = pt;
	r.plan.npt = 36;
	ioa_dl_init(&dl, IOA_PAGE_W, IOA_PAGE_H);
	ioa_report_build(&dl, &r, &est, NULL);
	assert_int_equal(dl.pages, 7);
	assert_true(ioa_dl_count(&dl, IOA_DL_POLY, 6) >= 3 * 4); /* wait, makespan, 2 peaks */
	check_pages(&dl);
	ioa_dl_release(&dl);
}

static const char *const kinds[] = { "as-traced", "baseline", "online", "optimized" };

static void fill_schedules(struct ioa_report_data *r)
{
	size_t k;

	r->has_scenario = 1;
	r->scenario =
		(struct ioa_rep_scenario){ 1, 1, "synthetic 100k", "synth", "strict", 8, 100 };
	r->nscheds = 4;
	r->scheds = calloc(4, sizeof(*r->scheds));
	for (k = 0; k < 4; k++) {
		struct ioa_rep_schedule *s = &r->scheds[k];

		s->schedule_id = (int64_t)k + 1;
		snprintf(s->kind, sizeof(s->kind), "%s", kinds[k]);
		snprintf(s->status, sizeof(s->status), "%s", k == 3 ? "optimal" : "feasible");
		s->objective = s->bound = 1e9;
		s->gap = k == 3 ? 0 : NAN;
		s->makespan_ns = 1000000000;
		s->solve_seconds = 0.5;
		s->spans = random_spans(25000, 8);
		s->nspans = 25000;
	}
}

static void add_metric(struct ioa_report_data *r, int64_t id, const char *scope, const char *key,
		       const char *name, double v)
{
	struct ioa_rep_metric *m;

	r->metrics = realloc(r->metrics, (r->nmetrics + 1) * sizeof(*m));
	m = &r->metrics[r->nmetrics++];
	m->schedule_id = id;
	snprintf(m->scope, sizeof(m->scope), "%s", scope);
	snprintf(m->key, sizeof(m->key), "%s", key);
	snprintf(m->name, sizeof(m->name), "%s", name);
	m->value = v;
}

static void fill_measures(struct ioa_report_data *r)
{
	char key[8];
	int64_t id;
	size_t i, c;

	for (id = 1; id <= 4; id++) {
		add_metric(r, id, "schedule", "", "overload_s", 0.1 * (double)(4 - id));
		add_metric(r, id, "schedule", "", "wait_mean_s", 1e-4 * (double)id);
		for (c = 0; c < IOA_REP_NCOMP; c++)
			add_metric(r, id, "component", ioa_rep_cat_name((int)c), "max_util_pct",
				   80 + 10 * (double)c);
		for (c = 0; c < 40; c++) {
			snprintf(key, sizeof(key), "%zu", c);
			add_metric(r, id, "pcpu", key, "busy_s", 0.5);
		}
	}
	r->nseries = 12;
	r->series = calloc(12, sizeof(*r->series));
	for (i = 0; i < 12; i++) {
		struct ioa_rep_series *s = &r->series[i];

		s->schedule_id = (int64_t)(i / 3) + 1;
		s->cat = (int)(i % 3);
		s->n = 20000;
		s->t_ns = malloc(s->n * sizeof(*s->t_ns));
		s->pct = malloc(s->n * sizeof(*s->pct));
		for (c = 0; c < s->n; c++) {
			s->t_ns[c] = (int64_t)c * 50000;
			s->pct[c] = (double)((c * 7 + i) % 130);
		}
	}
}

static void fill_rest(struct ioa_report_data *r)
{
	size_t i;

	r->ntraces = 1;
	r->traces = calloc(1, sizeof(*r->traces));
	snprintf(r->traces[0].file, sizeof(r->traces[0].file), "/a/long/path/to/a/trace.dat");
	snprintf(r->traces[0].host, sizeof(r->traces[0].host), "a-host-with-a-long-name");
	r->traces[0].first_ns = 0;
	r->traces[0].last_ns = 1000000000;
	r->traces[0].cpus = 8;
	r->nwarnings = 12;
	r->warnings = calloc(12, sizeof(*r->warnings));
	for (i = 0; i < 12; i++)
		memset(r->warnings[i].msg, 'w', sizeof(r->warnings[i].msg) - 1);
	r->nvcpus = 40;
	r->vcpus = calloc(40, sizeof(*r->vcpus));
	for (i = 0; i < 40; i++) {
		r->vcpus[i].vm_id = (int64_t)i / 4;
		r->vcpus[i].vcpu = (int)i % 4;
		snprintf(r->vcpus[i].vm_name, sizeof(r->vcpus[i].vm_name),
			 "qemu-system-x86_64 with a long name %zu", i);
		r->vcpus[i].ns[i % 7] = 1000000 * (int64_t)(i + 1);
		r->vcpus[i].conf = 0.8;
	}
	r->classified = 1;
	r->nsweep = 40;
	r->sweep = calloc(40, sizeof(*r->sweep));
	for (i = 0; i < 40; i++) {
		r->sweep[i].pcpus = 1 + (int)(i / 4);
		snprintf(r->sweep[i].mode, sizeof(r->sweep[i].mode), "strict");
		r->sweep[i].cap_pct = 100;
		snprintf(r->sweep[i].kind, sizeof(r->sweep[i].kind), "%s", kinds[i % 4]);
		r->sweep[i].makespan_ns = 3000000000 / r->sweep[i].pcpus;
		snprintf(r->sweep[i].peaks, sizeof(r->sweep[i].peaks), "{\"GPU\": 113}");
	}
}

static void add_gtask(struct ioa_report_data *r, const char *comm, int cat, int64_t run_ns,
		      int64_t io_ns)
{
	struct ioa_rep_gtask *x;

	r->gtasks = realloc(r->gtasks, (r->ngtasks + 1) * sizeof(*x));
	x = &r->gtasks[r->ngtasks++];
	memset(x, 0, sizeof(*x));
	x->vm_id = 1;
	snprintf(x->vm_name, sizeof(x->vm_name), "ioaware-guest");
	snprintf(x->comm, sizeof(x->comm), "%s", comm);
	x->threads = 1;
	x->cat = cat;
	x->run_ns = run_ns;
	x->io_ns = io_ns;
	x->share = 1;
}

/* text ops of @page equal to @s */
static size_t texts(const struct ioa_dl *dl, int page, const char *s)
{
	size_t i, n = 0;

	for (i = 0; i < dl->n; i++)
		n += dl->ops[i].kind == IOA_DL_TEXT && dl->ops[i].page == page &&
		     !strcmp(ioa_dl_str(dl, &dl->ops[i]), s);
	return n;
}

/* the classification page lists each VM's guest tasks with their categories */
static void test_report_guest_tasks(void **state)
{
	struct ioa_report_data r;
	struct ioa_dl dl;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.nvcpus = 1;
	r.vcpus = calloc(1, sizeof(*r.vcpus));
	r.vcpus[0].vm_id = 1;
	snprintf(r.vcpus[0].vm_name, sizeof(r.vcpus[0].vm_name), "ioaware-guest");
	r.vcpus[0].ns[IOA_REP_COMPUTE] = 3000000000;
	r.classified = 1;
	add_gtask(&r, "dd", ioa_rep_cat_parse("STORAGE"), 628000000, 3601000000);
	add_gtask(&r, "awk", IOA_REP_COMPUTE, 3191000000, 0);
	add_gtask(&r, "nc", ioa_rep_cat_parse("ETHERNET"), 253000000, 106000000);
	ioa_dl_init(&dl, IOA_PAGE_W, IOA_PAGE_H);
	ioa_report_build(&dl, &r, &est, NULL);
	assert_int_equal(dl.pages, 7);
	assert_int_equal(texts(&dl, 5, "dd"), 1);
	assert_int_equal(texts(&dl, 5, "nc"), 1);
	/* the task's category, and the legend's */
	assert_int_equal(texts(&dl, 5, "STORAGE"), 2);
	assert_int_equal(texts(&dl, 5, "ETHERNET"), 2);
	assert_int_equal(texts(&dl, 5, "COMPUTE"), 2);
	check_pages(&dl);
	ioa_dl_release(&dl);
	ioa_report_data_release(&r);
}

static void test_report_full_100k(void **state)
{
	struct ioa_report_data r;
	struct ioa_dl dl;
	size_t rects;

	(void)state;
	memset(&r, 0, sizeof(r));
	fill_schedules(&r);
	fill_measures(&r);
	fill_rest(&r);
	while (r.ngtasks < IOA_REP_MAX_GTASKS)
		add_gtask(&r, "guest-task-name", (int)r.ngtasks % 7, 1000000000, 500000000);
	ioa_dl_init(&dl, IOA_PAGE_W, IOA_PAGE_H);
	ioa_report_build(&dl, &r, &est, NULL);
	assert_true(dl.pages >= 8); /* the metrics and classification continue */
	/* 4 schedules x 25,000 spans on 8 lanes: bounded by lanes x pixel columns */
	rects = ioa_dl_count(&dl, IOA_DL_RECT, 1);
	if (rects > 4 * 8 * 760 + 64)
		fail_msg("timeline page draws %zu rectangles", rects);
	assert_true(rects > 4 * 8);
	check_pages(&dl);
	ioa_dl_release(&dl);
	ioa_report_data_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nice_step),
		cmocka_unit_test(test_ticks_time_units),
		cmocka_unit_test(test_ticks_fit_no_overlap),
		cmocka_unit_test(test_labels_pick),
		cmocka_unit_test(test_text_fit),
		cmocka_unit_test(test_legend_layout),
		cmocka_unit_test(test_table_widths),
		cmocka_unit_test(test_palette),
		cmocka_unit_test(test_aggregate_bounds_100k),
		cmocka_unit_test(test_aggregate_exact),
		cmocka_unit_test(test_series_envelope),
		cmocka_unit_test(test_json_pairs),
		cmocka_unit_test(test_report_empty),
		cmocka_unit_test(test_report_guest_tasks),
		cmocka_unit_test(test_report_plan),
		cmocka_unit_test(test_report_full_100k),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
