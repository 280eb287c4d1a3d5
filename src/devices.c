// SPDX-License-Identifier: GPL-3.0-or-later
/* Device accesses seen by classify: stored rows and the learnt device map (devices.h). */
#include "devices.h"

#include <inttypes.h>
#include <string.h>

#include "db_devices.h"
#include "devmap.h"

static const char *cat_or_null(int cat)
{
	return cat == IOA_CAT_NONE ? NULL : ioa_cat_name(cat);
}

int ioa_devices_store(struct ioa_db *db, int64_t trace_id, const struct ioa_learn *l,
		      struct ioa_err *err)
{
	size_t i, n = ioa_learn_count(l);
	int ret = ioa_db_dev_clear(db, trace_id, err);

	for (i = 0; i < n && !ret; i++) {
		const struct ioa_learn_dev *d = ioa_learn_get(l, i);
		struct ioa_dev_row r = {
			.trace_id = trace_id,
			.vm_id = d->vm_id,
			.kind = d->kind == IOA_LEARN_MMIO ? "mmio" : "port",
			.lo = (int64_t)d->lo,
			.hi = (int64_t)d->hi,
			.name = d->name,
			/* a named device with a NONE rule counts for nothing, but is known */
			.category =
				d->name[0] && d->cat == IOA_CAT_NONE ? "NONE" : cat_or_null(d->cat),
			.exits = (int64_t)d->exits,
			.exit_ns = (int64_t)d->exit_ns,
			.learnt_category = cat_or_null(d->learnt_cat),
			.learnt_device = d->hits ? d->learnt_dev : NULL,
			.hits = (int64_t)d->hits,
			.base = d->hits ? d->base : -1,
			.confidence = d->confidence,
		};

		ret = ioa_db_dev_insert(db, &r, err);
	}
	return ret;
}

void ioa_devices_map_header(FILE *f, const char *db, const struct ioa_learn_params *p)
{
	fprintf(f,
		"# device map learnt by `ioaware classify --learn-devmap` from %s: review it,\n"
		"# then pass it with --device-map. An address is attributed to a category when\n"
		"# >= %d of its exits were followed within %.0f us by I/O of that category of\n"
		"# the same VM and the confidence (hit rate minus base rate) is >= %.2f.\n",
		db, p->min_hits, (double)p->window_ns / 1e3, p->min_conf);
}

static void addr_text(char *buf, size_t size, const struct ioa_learn_dev *d)
{
	if (d->kind == IOA_LEARN_PORT)
		snprintf(buf, size, "port 0x%" PRIx64, d->lo);
	else
		snprintf(buf, size, "mmio 0x%" PRIx64 "-0x%" PRIx64, d->lo, d->hi);
}

static void map_line(FILE *f, const struct ioa_learn_dev *d, const struct ioa_learn_params *p)
{
	char a[64];

	addr_text(a, sizeof(a), d);
	if (d->learnt_cat != IOA_CAT_NONE && !d->name[0])
		fprintf(f,
			"%-32s %-9s # vm %" PRId64 ": %" PRIu64 " of %" PRIu64
			" exits followed by %s I/O within %.0f us (base %.1f %%), confidence "
			"%.2f\n",
			a, ioa_cat_name(d->learnt_cat), d->vm_id, d->hits, d->exits, d->learnt_dev,
			(double)p->window_ns / 1e3, 100 * d->base, d->confidence);
	else if (d->name[0])
		fprintf(f, "# %-30s %-9s # vm %" PRId64 ": %" PRIu64 " exits; named already: %s\n",
			a, d->cat == IOA_CAT_NONE ? "NONE" : ioa_cat_name(d->cat), d->vm_id,
			d->exits, d->name);
	else
		fprintf(f,
			"# %-30s %-9s # vm %" PRId64 ": %" PRIu64 " exits; unknown device, "
			"nothing learnt (best: %" PRIu64 " hits, confidence %.2f)\n",
			a, "?", d->vm_id, d->exits, d->hits, d->confidence);
}

void ioa_devices_map_write(FILE *f, int64_t trace_id, const struct ioa_learn *l,
			   const struct ioa_learn_params *p)
{
	size_t i, n = ioa_learn_count(l);

	fprintf(f, "\n# trace %" PRId64 ": %zu addresses accessed\n", trace_id, n);
	for (i = 0; i < n; i++)
		map_line(f, ioa_learn_get(l, i), p);
}
