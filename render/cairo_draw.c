// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The cairo adapter: the only file that includes cairo. It measures text for the layout code and
 * replays a display list into a PDF (every page, fonts embedded by cairo), or one SVG or PNG
 * (150 dpi) file per page. Files are written under a temporary name and renamed at the end, so
 * an error leaves nothing half-written.
 */
#include "report.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#define FONT "DejaVu Sans"
#define PNG_DPI 150.0
#define MAX_PAGES 4096

struct ioa_draw_fonts {
	cairo_surface_t *s;
	cairo_t *cr;
};

static void set_font(cairo_t *cr, double size, int bold)
{
	cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
			       bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, size);
}

static double text_width(cairo_t *cr, const char *s, double size, int bold)
{
	cairo_text_extents_t ext;

	set_font(cr, size, bold);
	cairo_text_extents(cr, s, &ext);
	return ext.x_advance;
}

static double fonts_width(void *priv, const char *s, double size, int bold)
{
	struct ioa_draw_fonts *f = priv;

	return text_width(f->cr, s, size, bold);
}

struct ioa_draw_fonts *ioa_draw_fonts_new(struct ioa_measure *m)
{
	struct ioa_draw_fonts *f = ioa_xcalloc(1, sizeof(*f));

	f->s = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1);
	f->cr = cairo_create(f->s);
	m->priv = f;
	m->width = fonts_width;
	return f;
}

void ioa_draw_fonts_free(struct ioa_draw_fonts *f)
{
	if (!f)
		return;
	cairo_destroy(f->cr);
	cairo_surface_destroy(f->s);
	free(f);
}

static void source(cairo_t *cr, uint32_t rgb, double alpha)
{
	cairo_set_source_rgba(cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
			      (rgb & 0xff) / 255.0, alpha);
}

static void stroke_style(cairo_t *cr, const struct ioa_dl_op *op)
{
	static const double dash[] = { 4, 2.5 };

	cairo_set_line_width(cr, op->size);
	cairo_set_dash(cr, dash, op->flags & IOA_DL_DASHED ? 2 : 0, 0);
}

static void draw_text(cairo_t *cr, const struct ioa_dl *dl, const struct ioa_dl_op *op)
{
	const char *s = ioa_dl_str(dl, op);
	double w = 0;

	if (op->flags & (IOA_DL_RIGHT | IOA_DL_CENTER))
		w = text_width(cr, s, op->size, op->flags & IOA_DL_BOLD);
	set_font(cr, op->size, op->flags & IOA_DL_BOLD);
	cairo_save(cr);
	cairo_translate(cr, op->x, op->y);
	if (op->flags & IOA_DL_VERTICAL)
		cairo_rotate(cr, -M_PI / 2);
	cairo_move_to(cr,
		      op->flags & IOA_DL_RIGHT	  ? -w
		      : op->flags & IOA_DL_CENTER ? -w / 2
						  : 0,
		      0);
	cairo_show_text(cr, s);
	cairo_restore(cr);
}

static void draw_poly(cairo_t *cr, const struct ioa_dl *dl, const struct ioa_dl_op *op)
{
	const double *p = dl->pts + op->arg;
	size_t i;

	cairo_move_to(cr, p[0], p[1]);
	for (i = 1; i < op->npts; i++)
		cairo_line_to(cr, p[2 * i], p[2 * i + 1]);
	stroke_style(cr, op);
	cairo_stroke(cr);
}

static void draw_op(cairo_t *cr, const struct ioa_dl *dl, const struct ioa_dl_op *op)
{
	source(cr, op->rgb, op->alpha);
	switch (op->kind) {
	case IOA_DL_RECT:
		cairo_rectangle(cr, op->x, op->y, op->x2, op->y2);
		cairo_fill(cr);
		break;
	case IOA_DL_FRAME:
		cairo_rectangle(cr, op->x, op->y, op->x2, op->y2);
		stroke_style(cr, op);
		cairo_stroke(cr);
		break;
	case IOA_DL_LINE:
		cairo_move_to(cr, op->x, op->y);
		cairo_line_to(cr, op->x2, op->y2);
		stroke_style(cr, op);
		cairo_stroke(cr);
		break;
	case IOA_DL_POLY:
		draw_poly(cr, dl, op);
		break;
	case IOA_DL_TEXT:
		draw_text(cr, dl, op);
		break;
	}
}

static void draw_page(cairo_t *cr, const struct ioa_dl *dl, int page)
{
	size_t i;

	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	for (i = 0; i < dl->n; i++)
		if (dl->ops[i].page == page)
			draw_op(cr, dl, &dl->ops[i]);
}

static int surface_error(cairo_surface_t *s, const char *path, struct ioa_err *err)
{
	cairo_status_t st = cairo_surface_status(s);

	if (st == CAIRO_STATUS_SUCCESS)
		return 0;
	return ioa_error(err, IOA_EIO, "%s: cannot write: %s", path, cairo_status_to_string(st));
}

static int write_pdf(const struct ioa_dl *dl, const char *tmp, struct ioa_err *err)
{
	cairo_surface_t *s = cairo_pdf_surface_create(tmp, dl->page_w, dl->page_h);
	cairo_t *cr = cairo_create(s);
	int page, ret;

	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, "ioaware report");
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "ioaware");
	for (page = 0; page < dl->pages; page++) {
		draw_page(cr, dl, page);
		cairo_show_page(cr);
	}
	cairo_destroy(cr);
	cairo_surface_finish(s);
	ret = surface_error(s, tmp, err);
	cairo_surface_destroy(s);
	return ret;
}

static int write_svg(const struct ioa_dl *dl, int page, const char *tmp, struct ioa_err *err)
{
	cairo_surface_t *s = cairo_svg_surface_create(tmp, dl->page_w, dl->page_h);
	cairo_t *cr = cairo_create(s);
	int ret;

	draw_page(cr, dl, page);
	cairo_show_page(cr);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	ret = surface_error(s, tmp, err);
	cairo_surface_destroy(s);
	return ret;
}

static int write_png(const struct ioa_dl *dl, int page, const char *tmp, struct ioa_err *err)
{
	double k = PNG_DPI / 72.0;
	cairo_surface_t *s = cairo_image_surface_create(
		CAIRO_FORMAT_RGB24, (int)ceil(dl->page_w * k), (int)ceil(dl->page_h * k));
	cairo_t *cr = cairo_create(s);
	cairo_status_t st;

	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, k, k);
	draw_page(cr, dl, page);
	cairo_destroy(cr);
	st = cairo_surface_write_to_png(s, tmp);
	cairo_surface_destroy(s);
	if (st != CAIRO_STATUS_SUCCESS)
		return ioa_error(err, IOA_EIO, "%s: cannot write: %s", tmp,
				 cairo_status_to_string(st));
	return 0;
}

/* "dir/r.png", page 2 → "dir/r-2.png" */
static void page_name(char *buf, size_t size, const char *path, const char *ext, int page)
{
	int stem = (int)(ext - path);

	snprintf(buf, size, "%.*s-%d%s", stem, path, page + 1, ext);
}

/* whether @name is "<stem>-<N><ext>" with N > @pages written without leading zeros */
static int stale_name(const char *name, const char *stem, size_t stem_len, const char *ext,
		      int pages)
{
	size_t n = strlen(name), elen = strlen(ext);
	const char *p = name + stem_len + 1, *end = name + n - elen;
	long v = 0;

	if (n <= stem_len + 1 + elen || strncmp(name, stem, stem_len) || name[stem_len] != '-' ||
	    strcmp(end, ext) || *p == '0')
		return 0;
	for (; p < end; p++) {
		if (*p < '0' || *p > '9' || v > MAX_PAGES * 1000L)
			return 0;
		v = v * 10 + (*p - '0');
	}
	return v > pages;
}

/* a regular file that starts as the pages this adapter writes do */
static int our_page(const char *file, int svg)
{
	static const char png_magic[8] = "\x89PNG\r\n\x1a\n";
	char head[256] = "";
	struct stat st;
	size_t n = 0;
	FILE *f;

	if (lstat(file, &st) || !S_ISREG(st.st_mode))
		return 0;
	f = fopen(file, "rb");
	if (!f)
		return 0;
	n = fread(head, 1, sizeof(head) - 1, f);
	fclose(f);
	head[n] = '\0';
	if (!svg)
		return n >= 8 && !memcmp(head, png_magic, 8);
	return !strncmp(head, "<?xml", 5) && strstr(head, "<svg");
}

/*
 * Remove the pages past the last one of an earlier render to the same name (an earlier
 * 7-page "r.png" leaves r-6.png and r-7.png after a 5-page one). Only files of exactly that
 * name pattern, regular, and PNG or SVG as written here are removed.
 */
static int remove_stale(const char *path, const char *ext, int pages, int svg, struct ioa_err *err)
{
	const char *slash = strrchr(path, '/'), *stem = slash ? slash + 1 : path;
	size_t stem_len = (size_t)(ext - stem);
	int dlen = slash ? (int)(slash - path) + 1 : 0, ret = 0;
	char dir[4096], file[4400];
	struct dirent *e;
	DIR *d;

	snprintf(dir, sizeof(dir), "%.*s", dlen ? dlen : 1, dlen ? path : ".");
	d = opendir(dir);
	if (!d)
		return ioa_error(err, IOA_EIO, "%s: %s", dir, strerror(errno));
	while (!ret && (e = readdir(d))) {
		if (!stale_name(e->d_name, stem, stem_len, ext, pages))
			continue;
		snprintf(file, sizeof(file), "%.*s%s", dlen, path, e->d_name);
		if (our_page(file, svg) && unlink(file))
			ret = ioa_error(err, IOA_EIO, "%s: a page of an earlier render: %s", file,
					strerror(errno));
	}
	closedir(d);
	return ret;
}

static int write_pages(const struct ioa_dl *dl, const char *path, const char *ext, int svg,
		       struct ioa_err *err)
{
	char name[4096], tmp[4200];
	int page, ret = 0, done;

	for (page = 0; !ret && page < dl->pages; page++) {
		page_name(name, sizeof(name), path, ext, page);
		snprintf(tmp, sizeof(tmp), "%s.tmp", name);
		ret = svg ? write_svg(dl, page, tmp, err) : write_png(dl, page, tmp, err);
	}
	done = ret ? page - 1 : page;
	for (page = 0; page < dl->pages && page <= done; page++) {
		page_name(name, sizeof(name), path, ext, page);
		snprintf(tmp, sizeof(tmp), "%s.tmp", name);
		if (ret)
			unlink(tmp);
		else if (rename(tmp, name))
			ret = ioa_error(err, IOA_EIO, "%s: %s", name, strerror(errno));
	}
	return ret ? ret : remove_stale(path, ext, dl->pages, svg, err);
}

int ioa_draw_write(const struct ioa_dl *dl, const char *path, int *files, struct ioa_err *err)
{
	const char *ext = strrchr(path, '.');
	char tmp[4200];
	int ret;

	if (files)
		*files = 0;
	if (ext && strchr(ext, '/'))
		ext = NULL;
	if (ext && (!strcasecmp(ext, ".png") || !strcasecmp(ext, ".svg"))) {
		ret = write_pages(dl, path, ext, !strcasecmp(ext, ".svg"), err);
		if (!ret && files)
			*files = dl->pages;
		return ret;
	}
	if (!ext || strcasecmp(ext, ".pdf"))
		return ioa_error(err, IOA_EUSAGE,
				 "%s: unknown output type (use .pdf, .png or .svg)", path);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	ret = write_pdf(dl, tmp, err);
	if (!ret && rename(tmp, path))
		ret = ioa_error(err, IOA_EIO, "%s: %s", path, strerror(errno));
	if (ret)
		unlink(tmp);
	else if (files)
		*files = 1;
	return ret;
}
