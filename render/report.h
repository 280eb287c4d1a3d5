/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The report: pages composed from struct ioa_report_data into a display list (pure), and the
 * one adapter that writes a display list as PDF, SVG or PNG through cairo (cairo_draw.c).
 */
#ifndef IOA_REPORT_H
#define IOA_REPORT_H

#include "db_report.h"
#include "dlist.h"
#include "error.h"

#define IOA_PAGE_W 842.0 /* A4 landscape, points */
#define IOA_PAGE_H 595.0

struct ioa_report_opts {
	const char *source; /* shown in the footer: the database file */
};

/**
 * ioa_report_build() - lay out every page of the report into @dl
 * @dl: initialised with ioa_dl_init(dl, IOA_PAGE_W, IOA_PAGE_H)
 *
 * Always seven sections in order (summary led by the capacity plan, timelines, utilisation,
 * metrics, latency per VM, classification, what-if: the plan's charts and/or the sweep); a
 * section whose data is absent is one page saying so in one line. Long tables
 * continue on further pages. Never fails.
 */
void ioa_report_build(struct ioa_dl *dl, const struct ioa_report_data *r,
		      const struct ioa_measure *m, const struct ioa_report_opts *o);

/* a text measurer backed by cairo's font metrics ("DejaVu Sans"); free with ..._free() */
struct ioa_draw_fonts;
struct ioa_draw_fonts *ioa_draw_fonts_new(struct ioa_measure *m);
void ioa_draw_fonts_free(struct ioa_draw_fonts *f);

/**
 * ioa_draw_write() - write @dl to @path: .pdf (all pages), .svg or .png (one file per page,
 * NAME-1.png, NAME-2.png, ... at 150 dpi)
 * @files: out, number of files written (may be NULL)
 *
 * Errors: IOA_EUSAGE for another extension, IOA_EIO when a file cannot be written. What was
 * written under a temporary name is removed on error.
 */
int ioa_draw_write(const struct ioa_dl *dl, const char *path, int *files, struct ioa_err *err);

#endif
