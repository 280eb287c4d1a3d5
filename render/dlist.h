/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The display list: what a report page draws, as plain data. Layout code appends rectangles,
 * lines, polylines and text here; cairo_draw.c is the only code that turns it into pixels or
 * PDF. Tests count and inspect the operations without any surface. Coordinates are points
 * (1/72 in), origin top left, y down.
 */
#ifndef IOA_DLIST_H
#define IOA_DLIST_H

#include <stddef.h>
#include <stdint.h>

enum ioa_dl_kind {
	IOA_DL_RECT = 1, /* filled rectangle x, y, w, h */
	IOA_DL_LINE,	 /* stroked segment x,y → x2,y2 */
	IOA_DL_POLY,	 /* stroked polyline of npts points from pts[pt0] */
	IOA_DL_TEXT,	 /* text at x (per align), baseline y */
	IOA_DL_FRAME,	 /* stroked rectangle outline x, y, w, h */
};

/* flags */
#define IOA_DL_BOLD 0x1
#define IOA_DL_DASHED 0x2
#define IOA_DL_RIGHT 0x4     /* text: x is the right end */
#define IOA_DL_CENTER 0x8    /* text: x is the centre */
#define IOA_DL_VERTICAL 0x10 /* text: rotated 90° counter-clockwise, x,y its start */

struct ioa_dl_op {
	int kind;
	int page;	     /* 0-based page the op belongs to */
	uint32_t rgb;	     /* 0xRRGGBB */
	float alpha;	     /* 0..1 */
	double x, y, x2, y2; /* rect/frame: x2 = width, y2 = height */
	float size;	     /* line width or font size */
	int flags;
	size_t arg;  /* text: offset in pool; poly: first point in pts */
	size_t npts; /* poly: number of points */
};

struct ioa_dl {
	double page_w, page_h;
	int pages; /* number of pages started */
	struct ioa_dl_op *ops;
	size_t n, alloc;
	char *pool; /* text storage, NUL separated */
	size_t npool, apool;
	double *pts; /* poly points, x,y pairs */
	size_t npts, apts;
};

/* how wide a string is at a font size: cairo in production, an estimate in tests */
struct ioa_measure {
	void *priv;
	double (*width)(void *priv, const char *s, double size, int bold);
};

void ioa_dl_init(struct ioa_dl *dl, double page_w, double page_h);
void ioa_dl_release(struct ioa_dl *dl);
/* start a new page: later ops belong to it; returns its 0-based index */
int ioa_dl_page(struct ioa_dl *dl);
void ioa_dl_rect(struct ioa_dl *dl, double x, double y, double w, double h, uint32_t rgb,
		 double alpha);
void ioa_dl_frame(struct ioa_dl *dl, double x, double y, double w, double h, uint32_t rgb,
		  double width);
void ioa_dl_line(struct ioa_dl *dl, double x, double y, double x2, double y2, uint32_t rgb,
		 double width, int flags);
/* @xy: n x,y pairs (copied) */
void ioa_dl_poly(struct ioa_dl *dl, const double *xy, size_t n, uint32_t rgb, double width,
		 int flags);
void ioa_dl_text(struct ioa_dl *dl, double x, double y, const char *s, double size, uint32_t rgb,
		 int flags);
const char *ioa_dl_str(const struct ioa_dl *dl, const struct ioa_dl_op *op);
/* number of ops of @kind on @page (-1: every page) */
size_t ioa_dl_count(const struct ioa_dl *dl, int kind, int page);

/* a width estimate (DejaVu Sans averages): for tests and when no font backend is at hand */
double ioa_measure_estimate(void *priv, const char *s, double size, int bold);

#endif
