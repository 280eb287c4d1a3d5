/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Inside render/ only: the page context and the drawing helpers the page builders share
 * (header, notes, axes, legends, tables, number formatting). All of it appends to a display
 * list; nothing here draws.
 */
#ifndef IOA_PAGES_H
#define IOA_PAGES_H

#include "layout.h"
#include "report.h"

#define IOA_PG_MARGIN 36.0
#define IOA_PG_TEXT 0x222222
#define IOA_PG_GREY 0x666666
#define IOA_PG_RULE 0xbbbbbb
#define IOA_PG_BODY 9.0 /* body font size */
#define IOA_PG_SMALL 7.5

struct ioa_pg {
	struct ioa_dl *dl;
	const struct ioa_measure *m;
	const struct ioa_report_data *r;
	double x0, x1; /* content left and right */
	double y1;     /* content bottom */
	int warn_page; /* page 1 had no room for every ingest warning: a page lists them */
};

/* start a page with a title and a grey subtitle (may be NULL); returns the content top */
double ioa_pg_begin(struct ioa_pg *p, const char *title, const char *subtitle);
/* one line of grey text at y; returns the y below it */
double ioa_pg_note(struct ioa_pg *p, double y, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/*
 * @s wrapped at the content width in at most @max_lines lines of @pt points (the last one
 * ellipsised), colour @rgb, IOA_DL_BOLD in @flags for bold; returns the y below it
 */
double ioa_pg_wrap(struct ioa_pg *p, double y, const char *s, double pt, uint32_t rgb, int flags,
		   int max_lines);
/* a bold section heading at y; returns the y below it */
double ioa_pg_heading(struct ioa_pg *p, double y, const char *text);
/* page numbers and the source in every page's footer, once all pages exist */
void ioa_pg_footers(struct ioa_dl *dl, const struct ioa_measure *m, const char *source);

/* x axis of a time scale at y (ticks, labels, title below); returns the y below it */
double ioa_pg_time_axis(struct ioa_pg *p, const struct ioa_scale *s, double y, const char *what);
/* y axis labels of a linear scale, right-aligned at x, with light grid lines to x1 */
void ioa_pg_y_axis(struct ioa_pg *p, const struct ioa_scale *s, double x, double x1,
		   const char *unit);

/* a category legend (swatches); returns its height */
double ioa_pg_legend(struct ioa_pg *p, const int *cats, int n, double y);
/* a line legend: coloured strokes with labels; returns its height */
double ioa_pg_line_legend(struct ioa_pg *p, const char *const *labels, const uint32_t *rgb,
			  const int *dashed, int n, double y);

/**
 * ioa_pg_table() - draw rows × cols cells (row 0 the header) from y; returns the y below.
 * Column 0 is left-aligned, the others right-aligned; text too wide is ellipsised.
 */
double ioa_pg_table(struct ioa_pg *p, const char *const *cells, int rows, int cols, double y);
/* the height one table row takes */
double ioa_pg_row_h(void);

/* formatting: a duration in ns as "1.234 s" / "12.3 ms" / "45 µs"; NaN / <0 as "–" */
void ioa_pg_fmt_ns(char *buf, size_t size, double ns);
/* a value by the unit its metric name says (_pct, _s, _ns, plain) */
void ioa_pg_fmt_metric(char *buf, size_t size, const char *name, double v);
/* the line colour of a schedule kind */
uint32_t ioa_pg_kind_rgb(const char *kind);

/* the pages */
void ioa_page_summary(struct ioa_pg *p);
void ioa_page_timelines(struct ioa_pg *p);
void ioa_page_util(struct ioa_pg *p);
void ioa_page_metrics(struct ioa_pg *p);
void ioa_page_classes(struct ioa_pg *p);
void ioa_page_sweep(struct ioa_pg *p);
/* every ingest warning, when page 1 had no room for them all (else nothing) */
void ioa_page_warnings(struct ioa_pg *p);
/* the capacity plan: sentence and table at y (page 1); the what-if page; per-VM latency */
double ioa_pg_plan_head(struct ioa_pg *p, double y);
void ioa_page_whatif(struct ioa_pg *p);
void ioa_page_latency(struct ioa_pg *p);

/* lookups shared by summary and metrics pages */
const struct ioa_rep_schedule *ioa_pg_sched(const struct ioa_report_data *r, const char *kind);
/* the baseline (baseline, else as-traced) and the optimum (optimized, else heuristic) */
const struct ioa_rep_schedule *ioa_pg_base(const struct ioa_report_data *r);
const struct ioa_rep_schedule *ioa_pg_best(const struct ioa_report_data *r);
/* a metric value, NaN when absent */
double ioa_pg_metric(const struct ioa_report_data *r, int64_t schedule_id, const char *scope,
		     const char *key, const char *name);

#endif
