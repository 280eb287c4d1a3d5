// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * What every report page shares: header and footer, notes, axes, legends, tables, number
 * formatting, lookups of schedules and metrics, and ioa_report_build() that runs the pages.
 */
#include "pages.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

#define TITLE_SIZE 16.0
#define ROW_H 13.0

double ioa_pg_begin(struct ioa_pg *p, const char *title, const char *subtitle)
{
	double y = IOA_PG_MARGIN + TITLE_SIZE;
	char buf[256];

	ioa_dl_page(p->dl);
	ioa_dl_text(p->dl, p->x0, y, title, TITLE_SIZE, IOA_PG_TEXT, IOA_DL_BOLD);
	if (subtitle) {
		y += 14;
		ioa_text_fit(buf, sizeof(buf), subtitle, p->m, IOA_PG_BODY, 0, p->x1 - p->x0);
		ioa_dl_text(p->dl, p->x0, y, buf, IOA_PG_BODY, IOA_PG_GREY, 0);
	}
	y += 6;
	ioa_dl_line(p->dl, p->x0, y, p->x1, y, IOA_PG_RULE, 0.6, 0);
	return y + 14;
}

double ioa_pg_note(struct ioa_pg *p, double y, const char *fmt, ...)
{
	char buf[512], fit[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	ioa_text_fit(fit, sizeof(fit), buf, p->m, IOA_PG_BODY, 0, p->x1 - p->x0);
	ioa_dl_text(p->dl, p->x0, y + IOA_PG_BODY, fit, IOA_PG_BODY, IOA_PG_GREY, 0);
	return y + ROW_H;
}

/* the longest prefix of @s (cut at a space) that fits @w; the text ellipsised when @last */
static size_t wrap_cut(struct ioa_pg *p, char *line, size_t size, const char *s, double pt,
		       int flags, int last)
{
	double w = p->x1 - p->x0;
	size_t cut = strlen(s);

	ioa_strlcpy(line, s, size);
	if (last) {
		ioa_text_fit(line, size, s, p->m, pt, flags & IOA_DL_BOLD, w);
		return cut;
	}
	while (p->m->width(p->m->priv, line, pt, flags & IOA_DL_BOLD) > w && cut > 10) {
		for (cut--; cut > 10 && s[cut] != ' '; cut--)
			;
		ioa_strlcpy(line, s, IOA_MIN(size, cut + 1));
	}
	return cut;
}

double ioa_pg_wrap(struct ioa_pg *p, double y, const char *s, double pt, uint32_t rgb, int flags,
		   int max_lines)
{
	char line[640];
	int n;

	for (n = 1; *s; n++) {
		s += wrap_cut(p, line, sizeof(line), s, pt, flags, n >= max_lines);
		ioa_dl_text(p->dl, p->x0, y + pt, line, pt, rgb, flags);
		y += pt < 10 ? ROW_H : pt + 4;
		while (*s == ' ')
			s++;
	}
	return y;
}

double ioa_pg_heading(struct ioa_pg *p, double y, const char *text)
{
	ioa_dl_text(p->dl, p->x0, y + 11, text, 11, IOA_PG_TEXT, IOA_DL_BOLD);
	return y + 18;
}

void ioa_pg_footers(struct ioa_dl *dl, const struct ioa_measure *m, const char *source)
{
	double y = IOA_PAGE_H - IOA_PG_MARGIN / 2;
	char buf[64], src[256];
	int page, save = dl->pages;

	ioa_text_fit(src, sizeof(src), source ? source : "", m, IOA_PG_SMALL, 0, IOA_PAGE_W / 2);
	for (page = 0; page < save; page++) {
		/* ops are tagged with the current page: point it at each page in turn */
		dl->pages = page + 1;
		snprintf(buf, sizeof(buf), "ioaware report · page %d of %d", page + 1, save);
		ioa_dl_text(dl, IOA_PAGE_W - IOA_PG_MARGIN, y, buf, IOA_PG_SMALL, IOA_PG_GREY,
			    IOA_DL_RIGHT);
		ioa_dl_text(dl, IOA_PG_MARGIN, y, src, IOA_PG_SMALL, IOA_PG_GREY, 0);
	}
	dl->pages = save;
}

double ioa_pg_time_axis(struct ioa_pg *p, const struct ioa_scale *s, double y, const char *what)
{
	struct ioa_ticks t;
	char title[128];
	double x;
	int i;

	ioa_ticks_fit(&t, s, 1, p->m, IOA_PG_SMALL, 6);
	ioa_dl_line(p->dl, s->p0, y, s->p1, y, IOA_PG_TEXT, 0.6, 0);
	for (i = 0; i < t.n; i++) {
		x = ioa_scale_map(s, t.v[i]);
		ioa_dl_line(p->dl, x, y, x, y + 3, IOA_PG_TEXT, 0.6, 0);
		ioa_dl_text(p->dl, x, y + 4 + IOA_PG_SMALL, t.label[i], IOA_PG_SMALL, IOA_PG_TEXT,
			    IOA_DL_CENTER);
	}
	snprintf(title, sizeof(title), "%s (%s)", what, t.unit);
	ioa_dl_text(p->dl, (s->p0 + s->p1) / 2, y + 8 + 2 * IOA_PG_SMALL + 2, title, IOA_PG_SMALL,
		    IOA_PG_GREY, IOA_DL_CENTER);
	return y + 12 + 2 * IOA_PG_SMALL + 2;
}

void ioa_pg_y_axis(struct ioa_pg *p, const struct ioa_scale *s, double x, double x1,
		   const char *unit)
{
	double pos[IOA_MAX_TICKS], w[IOA_MAX_TICKS];
	int keep[IOA_MAX_TICKS], i, target;
	struct ioa_ticks t;
	char buf[40];

	/* fewer ticks on short axes: about one per 18 points */
	target = IOA_MAX(2, IOA_MIN(8, (int)(fabs(s->p1 - s->p0) / 18)));
	ioa_ticks_linear(&t, IOA_MIN(s->d0, s->d1), IOA_MAX(s->d0, s->d1), target);
	/* y grows downwards: pick labels bottom-up as if on a horizontal axis */
	for (i = 0; i < t.n; i++) {
		pos[i] = -ioa_scale_map(s, t.v[i]);
		w[i] = IOA_PG_SMALL;
	}
	ioa_labels_pick(pos, w, t.n, 2, keep);
	for (i = 0; i < t.n; i++) {
		double y = ioa_scale_map(s, t.v[i]);

		ioa_dl_line(p->dl, x + 2, y, x1, y, 0xe0e0e0, 0.4, 0);
		if (!keep[i])
			continue;
		snprintf(buf, sizeof(buf), "%s%s", t.label[i], unit);
		ioa_dl_text(p->dl, x, y + IOA_PG_SMALL / 2 - 1, buf, IOA_PG_SMALL, IOA_PG_TEXT,
			    IOA_DL_RIGHT);
	}
}

double ioa_pg_legend(struct ioa_pg *p, const int *cats, int n, double y)
{
	struct ioa_legend_pos pos[IOA_REP_NCAT];
	const char *labels[IOA_REP_NCAT] = { NULL };
	double h, sw = IOA_PG_SMALL;
	int i;

	n = IOA_MIN(n, IOA_REP_NCAT);
	for (i = 0; i < n; i++)
		labels[i] = ioa_rep_cat_name(cats[i]);
	h = ioa_legend_layout(pos, labels, n, p->m, IOA_PG_SMALL, p->x0, y, p->x1 - p->x0);
	for (i = 0; i < n; i++) {
		ioa_dl_rect(p->dl, pos[i].x, pos[i].y, sw, sw, ioa_palette(cats[i]), 1);
		ioa_dl_text(p->dl, pos[i].x + sw * 1.4, pos[i].y + sw - 0.5, labels[i],
			    IOA_PG_SMALL, IOA_PG_TEXT, 0);
	}
	return h;
}

double ioa_pg_line_legend(struct ioa_pg *p, const char *const *labels, const uint32_t *rgb,
			  const int *dashed, int n, double y)
{
	struct ioa_legend_pos pos[16];
	double h, sw = IOA_PG_SMALL;
	int i;

	n = IOA_MIN(n, 16);
	h = ioa_legend_layout(pos, labels, n, p->m, IOA_PG_SMALL, p->x0, y, p->x1 - p->x0);
	for (i = 0; i < n; i++) {
		ioa_dl_line(p->dl, pos[i].x, pos[i].y + sw / 2, pos[i].x + sw, pos[i].y + sw / 2,
			    rgb[i], 1.6, dashed[i] ? IOA_DL_DASHED : 0);
		ioa_dl_text(p->dl, pos[i].x + sw * 1.4, pos[i].y + sw - 0.5, labels[i],
			    IOA_PG_SMALL, IOA_PG_TEXT, 0);
	}
	return h;
}

double ioa_pg_row_h(void)
{
	return ROW_H;
}

double ioa_pg_table(struct ioa_pg *p, const char *const *cells, int rows, int cols, double y)
{
	double colw[32], x, pad = 12, w;
	char buf[256];
	int r, c;

	cols = IOA_MIN(cols, 32);
	w = ioa_table_widths(colw, cells, rows, cols, p->m, IOA_PG_BODY, pad, p->x1 - p->x0);
	for (r = 0; r < rows; r++) {
		x = p->x0;
		if (r % 2 == 0 && r)
			ioa_dl_rect(p->dl, p->x0, y, w, ROW_H, 0xf3f3f3, 1);
		for (c = 0; c < cols; c++) {
			ioa_text_fit(buf, sizeof(buf), cells[r * cols + c], p->m, IOA_PG_BODY,
				     r == 0, colw[c] - pad);
			ioa_dl_text(p->dl, c ? x + colw[c] - pad / 2 : x + 2, y + ROW_H - 3.5, buf,
				    IOA_PG_BODY, IOA_PG_TEXT,
				    (r == 0 ? IOA_DL_BOLD : 0) | (c ? IOA_DL_RIGHT : 0));
			x += colw[c];
		}
		y += ROW_H;
		if (r == 0)
			ioa_dl_line(p->dl, p->x0, y, p->x0 + w, y, IOA_PG_RULE, 0.6, 0);
	}
	return y + 4;
}

void ioa_pg_fmt_ns(char *buf, size_t size, double ns)
{
	double a = fabs(ns);

	if (isnan(ns) || ns < 0)
		snprintf(buf, size, "–");
	else if (a >= 1e9)
		snprintf(buf, size, "%.3f s", ns / 1e9);
	else if (a >= 1e6)
		snprintf(buf, size, "%.2f ms", ns / 1e6);
	else if (a >= 1e3)
		snprintf(buf, size, "%.1f µs", ns / 1e3);
	else
		snprintf(buf, size, "%.0f ns", ns);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

void ioa_pg_fmt_metric(char *buf, size_t size, const char *name, double v)
{
	if (isnan(v))
		snprintf(buf, size, "–");
	else if (ends_with(name, "_pct"))
		snprintf(buf, size, "%.1f %%", v);
	else if (ends_with(name, "_s"))
		ioa_pg_fmt_ns(buf, size, v * 1e9);
	else if (ends_with(name, "_ns"))
		ioa_pg_fmt_ns(buf, size, v);
	else if (v == floor(v) && fabs(v) < 1e12)
		snprintf(buf, size, "%.0f", v); /* counts: 16430, not 1.643e+04 */
	else
		snprintf(buf, size, "%.4g", v);
}

uint32_t ioa_pg_kind_rgb(const char *kind)
{
	static const struct {
		const char *kind;
		uint32_t rgb;
	} map[] = {
		{ "as-traced", 0x999999 }, { "baseline", 0xd55e00 },  { "online", 0x009e73 },
		{ "heuristic", 0xcc79a7 }, { "optimized", 0x0072b2 },
	};
	size_t i;

	for (i = 0; i < IOA_ARRAY_SIZE(map); i++)
		if (!strcmp(map[i].kind, kind))
			return map[i].rgb;
	return 0x000000;
}

const struct ioa_rep_schedule *ioa_pg_sched(const struct ioa_report_data *r, const char *kind)
{
	size_t i;

	for (i = 0; i < r->nscheds; i++)
		if (!strcmp(r->scheds[i].kind, kind))
			return &r->scheds[i];
	return NULL;
}

const struct ioa_rep_schedule *ioa_pg_base(const struct ioa_report_data *r)
{
	const struct ioa_rep_schedule *s = ioa_pg_sched(r, "baseline");

	return s ? s : ioa_pg_sched(r, "as-traced");
}

const struct ioa_rep_schedule *ioa_pg_best(const struct ioa_report_data *r)
{
	const struct ioa_rep_schedule *s = ioa_pg_sched(r, "optimized");

	return s ? s : ioa_pg_sched(r, "heuristic");
}

double ioa_pg_metric(const struct ioa_report_data *r, int64_t schedule_id, const char *scope,
		     const char *key, const char *name)
{
	size_t i;

	for (i = 0; i < r->nmetrics; i++) {
		const struct ioa_rep_metric *m = &r->metrics[i];

		if (m->schedule_id == schedule_id && !strcmp(m->scope, scope) &&
		    !strcmp(m->key, key) && !strcmp(m->name, name))
			return m->value;
	}
	return NAN;
}

void ioa_report_build(struct ioa_dl *dl, const struct ioa_report_data *r,
		      const struct ioa_measure *m, const struct ioa_report_opts *o)
{
	struct ioa_pg p = {
		dl, m, r, IOA_PG_MARGIN, IOA_PAGE_W - IOA_PG_MARGIN, IOA_PAGE_H - IOA_PG_MARGIN, 0
	};

	ioa_page_summary(&p);
	ioa_page_timelines(&p);
	ioa_page_util(&p);
	ioa_page_metrics(&p);
	ioa_page_latency(&p);
	ioa_page_classes(&p);
	ioa_page_sweep(&p);
	ioa_page_warnings(&p);
	ioa_pg_footers(dl, m, o ? o->source : NULL);
}
