/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Pure layout for the report: colours, scales with nice ticks in real units, labels that never
 * overlap, legends, table column widths, and the per-pixel aggregation that keeps a timeline of
 * 100,000 segments down to a few thousand rectangles. No drawing library appears here; text is
 * measured through struct ioa_measure so tests run without a surface.
 */
#ifndef IOA_LAYOUT_H
#define IOA_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "db_report.h"
#include "dlist.h"

/* Okabe–Ito colours for the 7 categories, grey for IDLE and a lighter grey for unclassified */
uint32_t ioa_palette(int cat);
#define IOA_PALETTE_SIZE IOA_REP_NCAT

/* a linear map from data [d0, d1] to page [p0, p1] */
struct ioa_scale {
	double d0, d1, p0, p1;
};

double ioa_scale_map(const struct ioa_scale *s, double v);

#define IOA_MAX_TICKS 32

/* ticks of an axis: values and their labels, in the unit named by unit */
struct ioa_ticks {
	int n;
	double v[IOA_MAX_TICKS];
	char label[IOA_MAX_TICKS][24];
	double step;
	char unit[8]; /* "s", "ms", "µs", "ns" for time axes, "" otherwise */
};

/**
 * ioa_nice_step() - a 1, 2 or 5 × 10^k step giving about @target intervals over [lo, hi]
 */
double ioa_nice_step(double lo, double hi, int target);

/* ticks at multiples of a nice step inside [lo, hi]; plain numbers */
void ioa_ticks_linear(struct ioa_ticks *t, double lo, double hi, int target);
/* ticks of a time axis of [lo, hi] ns, labelled in the unit that suits the span */
void ioa_ticks_time(struct ioa_ticks *t, double lo_ns, double hi_ns, int target);

/**
 * ioa_ticks_fit() - the densest ticks whose labels do not overlap along a horizontal axis
 * @time: 1 for a time axis in ns, 0 for a linear one
 * @size: font size; @gap: minimum space between neighbouring labels (points)
 *
 * Tries targets from 10 down to 2 and keeps the first whose centred labels fit.
 */
void ioa_ticks_fit(struct ioa_ticks *t, const struct ioa_scale *s, int time,
		   const struct ioa_measure *m, double size, double gap);

/* 1 when centred labels at page positions @x (ascending) with widths @w overlap */
int ioa_labels_overlap(const double *x, const double *w, int n, double gap);

/**
 * ioa_labels_pick() - greedy choice of labels that do not overlap (left to right)
 * @x: label centres, ascending; @w: widths; @keep: out, 1 for a label to draw
 * Returns how many are kept. The first label is always kept.
 */
int ioa_labels_pick(const double *x, const double *w, int n, double gap, int *keep);

/**
 * ioa_text_fit() - @s, shortened with "…" to fit @maxw at @size, into @buf
 */
void ioa_text_fit(char *buf, size_t size, const char *s, const struct ioa_measure *m, double fsize,
		  int bold, double maxw);

/* a legend item's position (swatch at x,y; label right of it) */
struct ioa_legend_pos {
	double x, y;
};

/**
 * ioa_legend_layout() - flow legend items into rows no wider than @maxw
 * @pos: out, one per label; returns the total height used
 */
double ioa_legend_layout(struct ioa_legend_pos *pos, const char *const *labels, int n,
			 const struct ioa_measure *m, double size, double x, double y, double maxw);

/**
 * ioa_table_widths() - column widths of a table of strings
 * @cells: rows × cols strings, row-major; @colw: out, cols widths
 *
 * Each column gets its widest cell plus @pad; when the total exceeds @maxw, the first column
 * (the row labels) is shrunk (ellipsised when drawn) down to a third of its width at most,
 * then every column in proportion. Returns the total width.
 */
double ioa_table_widths(double *colw, const char *const *cells, int rows, int cols,
			const struct ioa_measure *m, double size, double pad, double maxw);

/* one merged run of pixel columns of one lane */
struct ioa_bar {
	int lane;
	int cat;
	int col0, ncols; /* pixel columns [col0, col0 + ncols) */
	float cover;	 /* shade of the busy share: 0.4 (<25 %), 0.6, 0.8, 1 (>75 %) */
};

/**
 * ioa_lanes_aggregate() - per lane and pixel column, the dominant category of the spans
 * @out: bars, allocated (free()); @nout: their number
 * @t0, @t1: time window mapped onto @cols columns; @lanes: lanes 0..lanes-1
 *
 * The time of every span is accumulated per (lane, column, category); each column draws the
 * category with the most time, shaded by how busy the column is, and neighbouring columns with
 * the same category and shade merge into one bar. The number of bars is at most lanes × cols
 * whatever the number of spans. Spans outside the window or on other lanes are ignored.
 */
void ioa_lanes_aggregate(struct ioa_bar **out, size_t *nout, const struct ioa_rep_span *spans,
			 size_t n, int lanes, double t0, double t1, int cols);

/**
 * ioa_series_envelope() - a step series reduced to at most 2 points per pixel column
 * @xy: out, allocated x,y pairs (free()); returns their number
 *
 * Per column the maximum value that holds in it (peaks matter for overload), as a step line.
 * @t: ascending times, @v: value from t[i] until t[i+1]; the last holds until @t1.
 */
size_t ioa_series_envelope(double **xy, const int64_t *t, const double *v, size_t n,
			   const struct ioa_scale *x, const struct ioa_scale *y, double t1);

/* the number of "key": value pairs of a flat JSON object read into @names/@vals (max @cap) */
int ioa_json_pairs(const char *json, char names[][16], double *vals, int cap);

#endif
