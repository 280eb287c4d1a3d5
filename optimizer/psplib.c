// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * PSPLIB single-mode RCPSP reader (.sm). Line oriented: keys are matched by their text
 * ("jobs (incl.", "- renewable", "PRECEDENCE RELATIONS:", "REQUESTS/DURATIONS:",
 * "RESOURCEAVAILABILITIES:"), never by line position, and every malformed line is reported as
 * "FILE: line N: what". Jobs become tasks 0..n-1 (PSPLIB's 1..n).
 */
#include "psplib.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define PSP_MAX_JOBS 100000
#define PSP_MAX_RES 64

struct psp {
	FILE *f;
	const char *name;
	struct ioa_err *err;
	char *line;
	size_t size;
	int lineno;
	int jobs, res;
};

static int psp_next(struct psp *p)
{
	if (getline(&p->line, &p->size, p->f) < 0)
		return 0;
	p->lineno++;
	return 1;
}

static int psp_fail(struct psp *p, const char *what)
{
	return ioa_error(p->err, IOA_EINPUT, "%s: line %d: %s", p->name, p->lineno, what);
}

/* advance to the line containing @key; IOA_EINPUT naming the key at end of file */
static int psp_find(struct psp *p, const char *key)
{
	while (psp_next(p))
		if (strstr(p->line, key))
			return 0;
	return ioa_error(p->err, IOA_EINPUT, "%s: line %d: end of file before '%s'", p->name,
			 p->lineno, key);
}

/* parse up to @max integers of the current line into @v; returns the count or -1 */
static int psp_ints(const char *s, long *v, int max)
{
	int n = 0;
	char *end;

	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s || *s == '\n' || *s == '\r')
			return n;
		if (n == max)
			return -1;
		errno = 0;
		v[n] = strtol(s, &end, 10);
		if (end == s || errno)
			return -1;
		s = end;
		n++;
	}
}

/* the integer after the ':' of the current line */
static int psp_value(struct psp *p, int *out, int lo, int hi)
{
	const char *c = strchr(p->line, ':');
	char *end;
	long v;

	/* "- renewable : 4 R": the first number counts */
	if (!c)
		return psp_fail(p, "expected a number after ':'");
	errno = 0;
	v = strtol(c + 1, &end, 10);
	if (end == c + 1 || errno)
		return psp_fail(p, "expected a number after ':'");
	if (v < lo || v > hi)
		return psp_fail(p, "number out of range");
	*out = (int)v;
	return 0;
}

static int psp_header(struct psp *p)
{
	int ret = psp_find(p, "jobs (incl.");

	if (!ret)
		ret = psp_value(p, &p->jobs, 2, PSP_MAX_JOBS);
	if (!ret)
		ret = psp_find(p, "- renewable");
	if (!ret)
		ret = psp_value(p, &p->res, 0, PSP_MAX_RES);
	return ret;
}

/* one non-empty data line: skip nothing, a short file is an error */
static int psp_row(struct psp *p, long *v, int max, int min)
{
	int n;

	if (!psp_next(p))
		return ioa_error(p->err, IOA_EINPUT, "%s: line %d: unexpected end of file", p->name,
				 p->lineno);
	n = psp_ints(p->line, v, max);
	if (n < min)
		return psp_fail(p, n < 0 ? "expected only integers" : "too few numbers");
	return n;
}

static int psp_precedences(struct psp *p, struct ioa_inst *inst)
{
	long *v = ioa_xmalloc(((size_t)p->jobs + 3) * sizeof(long));
	int j, s, n, ret = psp_find(p, "PRECEDENCE RELATIONS:");

	if (!ret && !psp_next(p))
		ret = psp_fail(p, "missing the precedence header line");
	for (j = 0; !ret && j < p->jobs; j++) {
		n = psp_row(p, v, p->jobs + 3, 3);
		if (n < 0) {
			ret = n;
			break;
		}
		if (v[0] != j + 1 || v[1] != 1 || v[2] < 0 || n != 3 + v[2]) {
			ret = psp_fail(p, "expected: job, 1 mode, #successors, successors");
			break;
		}
		for (s = 3; s < n; s++) {
			if (v[s] < 1 || v[s] > p->jobs || v[s] == j + 1) {
				ret = psp_fail(p, "successor out of range");
				break;
			}
			ioa_inst_add_prec(inst, j, (int)v[s] - 1);
		}
	}
	free(v);
	return ret;
}

static int psp_requests(struct psp *p, struct ioa_inst *inst)
{
	long v[PSP_MAX_RES + 4];
	int j, k, n, ret = psp_find(p, "REQUESTS/DURATIONS:");

	if (!ret && (!psp_next(p) || !psp_next(p) || !strstr(p->line, "---")))
		ret = psp_fail(p, "expected a header line and a dashed line");
	for (j = 0; !ret && j < p->jobs; j++) {
		n = psp_row(p, v, PSP_MAX_RES + 4, 3 + p->res);
		if (n < 0)
			return n;
		if (n != 3 + p->res || v[0] != j + 1 || v[1] != 1 || v[2] < 0 || v[2] > 1000000)
			return psp_fail(p,
					"expected: job, 1 mode, duration, one demand per resource");
		inst->task[j].dur = v[2];
		for (k = 0; k < p->res; k++) {
			if (v[3 + k] < 0 || v[3 + k] > 1000000)
				return psp_fail(p, "demand out of range");
			inst->dem[(int64_t)j * inst->nres + k] = (int)v[3 + k];
		}
	}
	return ret;
}

static int psp_capacities(struct psp *p, struct ioa_inst *inst)
{
	long v[PSP_MAX_RES + 1];
	int k, n, ret = psp_find(p, "RESOURCEAVAILABILITIES:");

	if (!ret && !psp_next(p))
		ret = psp_fail(p, "missing the resource header line");
	if (ret)
		return ret;
	n = psp_row(p, v, PSP_MAX_RES + 1, p->res);
	if (n < 0)
		return n;
	if (n != p->res)
		return psp_fail(p, "expected one capacity per renewable resource");
	for (k = 0; k < p->res; k++) {
		if (v[k] < 0 || v[k] > 1000000)
			return psp_fail(p, "capacity out of range");
		inst->cap[k] = (int)v[k];
	}
	return 0;
}

static int psp_demands_fit(struct psp *p, struct ioa_inst *inst)
{
	int j, k;

	for (j = 0; j < inst->n; j++)
		for (k = 0; k < inst->nres; k++)
			if (ioa_dem(inst, j, k) > inst->cap[k])
				return ioa_error(p->err, IOA_EINPUT,
						 "%s: job %d needs %d of resource %d, capacity %d",
						 p->name, j + 1, ioa_dem(inst, j, k), k + 1,
						 inst->cap[k]);
	return 0;
}

int ioa_psplib_parse(struct ioa_inst *inst, const char *name, FILE *f, struct ioa_err *err)
{
	struct psp p = { .f = f, .name = name, .err = err };
	const char *base = strrchr(name, '/');
	int ret = psp_header(&p);

	memset(inst, 0, sizeof(*inst));
	if (ret)
		goto out;
	ioa_inst_init(inst, p.jobs, p.res);
	ioa_strlcpy(inst->name, base ? base + 1 : name, sizeof(inst->name));
	ret = psp_precedences(&p, inst);
	if (!ret)
		ret = psp_requests(&p, inst);
	if (!ret)
		ret = psp_capacities(&p, inst);
	if (!ret)
		ret = psp_demands_fit(&p, inst);
	if (!ret)
		ret = ioa_inst_finalize(inst, err);
	if (ret)
		ioa_inst_release(inst);
out:
	free(p.line);
	return ret;
}

int ioa_psplib_read(struct ioa_inst *inst, const char *path, struct ioa_err *err)
{
	FILE *f = fopen(path, "r");
	int ret;

	memset(inst, 0, sizeof(*inst));
	if (!f)
		return ioa_error(err, IOA_EIO, "%s: %s", path, strerror(errno));
	ret = ioa_psplib_parse(inst, path, f, err);
	fclose(f);
	return ret;
}
