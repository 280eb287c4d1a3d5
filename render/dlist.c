// SPDX-License-Identifier: GPL-3.0-or-later
/* The display list: growable arrays of drawing operations, a string pool and points. */
#include "dlist.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

void ioa_dl_init(struct ioa_dl *dl, double page_w, double page_h)
{
	memset(dl, 0, sizeof(*dl));
	dl->page_w = page_w;
	dl->page_h = page_h;
}

void ioa_dl_release(struct ioa_dl *dl)
{
	free(dl->ops);
	free(dl->pool);
	free(dl->pts);
	memset(dl, 0, sizeof(*dl));
}

int ioa_dl_page(struct ioa_dl *dl)
{
	return dl->pages++;
}

static struct ioa_dl_op *push(struct ioa_dl *dl, int kind, uint32_t rgb)
{
	struct ioa_dl_op *op;

	IOA_GROW(dl->ops, dl->n, dl->alloc);
	op = &dl->ops[dl->n++];
	memset(op, 0, sizeof(*op));
	op->kind = kind;
	op->page = dl->pages ? dl->pages - 1 : 0;
	op->rgb = rgb;
	op->alpha = 1;
	return op;
}

void ioa_dl_rect(struct ioa_dl *dl, double x, double y, double w, double h, uint32_t rgb,
		 double alpha)
{
	struct ioa_dl_op *op = push(dl, IOA_DL_RECT, rgb);

	op->x = x;
	op->y = y;
	op->x2 = w;
	op->y2 = h;
	op->alpha = (float)alpha;
}

void ioa_dl_frame(struct ioa_dl *dl, double x, double y, double w, double h, uint32_t rgb,
		  double width)
{
	struct ioa_dl_op *op = push(dl, IOA_DL_FRAME, rgb);

	op->x = x;
	op->y = y;
	op->x2 = w;
	op->y2 = h;
	op->size = (float)width;
}

void ioa_dl_line(struct ioa_dl *dl, double x, double y, double x2, double y2, uint32_t rgb,
		 double width, int flags)
{
	struct ioa_dl_op *op = push(dl, IOA_DL_LINE, rgb);

	op->x = x;
	op->y = y;
	op->x2 = x2;
	op->y2 = y2;
	op->size = (float)width;
	op->flags = flags;
}

void ioa_dl_poly(struct ioa_dl *dl, const double *xy, size_t n, uint32_t rgb, double width,
		 int flags)
{
	struct ioa_dl_op *op;

	if (n < 2)
		return;
	if (dl->npts + 2 * n > dl->apts) {
		dl->apts = IOA_MAX(2 * dl->apts, dl->npts + 2 * n);
		dl->pts = ioa_xrealloc(dl->pts, dl->apts * sizeof(*dl->pts));
	}
	op = push(dl, IOA_DL_POLY, rgb);
	op->arg = dl->npts;
	op->npts = n;
	op->size = (float)width;
	op->flags = flags;
	memcpy(dl->pts + dl->npts, xy, 2 * n * sizeof(*xy));
	dl->npts += 2 * n;
}

void ioa_dl_text(struct ioa_dl *dl, double x, double y, const char *s, double size, uint32_t rgb,
		 int flags)
{
	size_t len = strlen(s) + 1;
	struct ioa_dl_op *op;

	if (dl->npool + len > dl->apool) {
		dl->apool = IOA_MAX(2 * dl->apool, dl->npool + len + 256);
		dl->pool = ioa_xrealloc(dl->pool, dl->apool);
	}
	op = push(dl, IOA_DL_TEXT, rgb);
	op->x = x;
	op->y = y;
	op->size = (float)size;
	op->flags = flags;
	op->arg = dl->npool;
	memcpy(dl->pool + dl->npool, s, len);
	dl->npool += len;
}

const char *ioa_dl_str(const struct ioa_dl *dl, const struct ioa_dl_op *op)
{
	return dl->pool + op->arg;
}

size_t ioa_dl_count(const struct ioa_dl *dl, int kind, int page)
{
	size_t i, n = 0;

	for (i = 0; i < dl->n; i++)
		if (dl->ops[i].kind == kind && (page < 0 || dl->ops[i].page == page))
			n++;
	return n;
}

/* DejaVu Sans advance widths average ~0.55 em for mixed text, digits 0.636 em */
double ioa_measure_estimate(void *priv, const char *s, double size, int bold)
{
	double w = 0;

	(void)priv;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c & 0xc0) == 0x80)
			continue; /* UTF-8 continuation byte */
		if (c >= '0' && c <= '9')
			w += 0.636;
		else if (c == ' ' || c == '.' || c == ',' || c == 'i' || c == 'l')
			w += 0.3;
		else if (c >= 'A' && c <= 'Z')
			w += 0.7;
		else
			w += 0.6;
	}
	return w * size * (bold ? 1.1 : 1.0);
}
