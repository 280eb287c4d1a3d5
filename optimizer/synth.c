// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Synthetic scenarios and the paper preset (model in synth.h). Integer arithmetic only, so the
 * same seed gives the same bytes on every machine.
 */
#include "synth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "util.h"

void ioa_synth_defaults(struct ioa_synth_params *p)
{
	int c;

	memset(p, 0, sizeof(*p));
	p->vms = 4;
	p->vcpus = 2;
	p->tasks = 200;
	p->pcpus = 4;
	for (c = 0; c < IOA_NCAT; c++)
		p->mix[c] = 1;
	p->util_dist = IOA_DIST_UNIFORM;
	p->util_a = 50;
	p->util_b = 600;
	p->arrival = IOA_ARRIVAL_PERIODIC;
	p->period_ns = 10000000;
	p->jitter_pct = 10;
	p->load_a = 10;
	p->load_b = 40;
	p->dominant_pct = 75;
	p->with_deadlines = 1;
	p->seed = 1;
}

/* "12.5" -> 125 tenths, in integers (rounded at the second decimal); -1 on error */
static int tenths(const char *s, char **end)
{
	const char *q = s;
	long v = 0;
	int frac = 0, round = 0;

	while (*q >= '0' && *q <= '9' && v <= 100000)
		v = v * 10 + (*q++ - '0');
	if (q == s)
		return *end = (char *)s, -1;
	if (*q == '.') {
		q++;
		if (*q >= '0' && *q <= '9')
			frac = *q++ - '0';
		if (*q >= '0' && *q <= '9')
			round = *q++ - '0' >= 5;
		while (*q >= '0' && *q <= '9')
			q++;
	}
	*end = (char *)q;
	v = v * 10 + frac + round;
	return v > 10000 ? -1 : (int)v;
}

int ioa_synth_parse_dist(struct ioa_synth_params *p, const char *s, struct ioa_err *err)
{
	static const char *const names[] = { "uniform:", "normal:", "const:" };
	char *end;
	int d, a, b = 0;

	for (d = 0; d < 3; d++)
		if (!strncmp(s, names[d], strlen(names[d])))
			break;
	if (d == 3)
		return ioa_error(err, IOA_EUSAGE,
				 "--util-dist: '%s': want uniform:A:B, "
				 "normal:MEAN:SD or const:X",
				 s);
	a = tenths(s + strlen(names[d]), &end);
	if (a >= 0 && d != IOA_DIST_CONST)
		b = *end == ':' ? tenths(end + 1, &end) : -1;
	if (a < 0 || b < 0 || *end || (d == IOA_DIST_UNIFORM && b < a))
		return ioa_error(err, IOA_EUSAGE, "--util-dist: '%s': bad numbers", s);
	p->util_dist = d;
	p->util_a = a;
	p->util_b = b;
	return 0;
}

int ioa_synth_parse_mix(struct ioa_synth_params *p, const char *s, struct ioa_err *err)
{
	char buf[256], *tok, *save = NULL;
	int sum = 0, c;

	ioa_strlcpy(buf, s, sizeof(buf));
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(tok, '='), *end;
		long w;

		if (!eq)
			return ioa_error(err, IOA_EUSAGE, "--mix: '%s': want CATEGORY=WEIGHT", tok);
		*eq = 0;
		c = ioa_cat_index(tok);
		w = strtol(eq + 1, &end, 10);
		if (c < 0 || *end || end == eq + 1 || w < 0 || w > 1000)
			return ioa_error(err, IOA_EUSAGE,
					 "--mix: '%s=%s': unknown category or bad "
					 "weight",
					 tok, eq + 1);
		p->mix[c] = (int)w;
	}
	for (c = 0; c < IOA_NCAT; c++)
		sum += p->mix[c];
	if (!sum)
		return ioa_error(err, IOA_EUSAGE, "--mix: all weights are 0");
	return 0;
}

static int validate(const struct ioa_synth_params *p, struct ioa_err *err)
{
	if (p->vms < 1 || p->vms > 4096 || p->vcpus < 1 || p->vcpus > 1024 ||
	    (int64_t)p->vms * p->vcpus > 65536)
		return ioa_error(err, IOA_EUSAGE, "synth: %d VMs x %d vCPUs out of range", p->vms,
				 p->vcpus);
	if (p->tasks < 1 || p->tasks > 10000000)
		return ioa_error(err, IOA_EUSAGE, "synth: %d tasks out of range (1..10^7)",
				 p->tasks);
	if (p->pcpus < 1 || p->pcpus > 1024)
		return ioa_error(err, IOA_EUSAGE, "synth: %d pCPUs out of range", p->pcpus);
	if (p->period_ns < 1000 || p->period_ns > INT64_C(3600000000000) || p->jitter_pct < 0 ||
	    p->jitter_pct > 49 || p->load_a < 1 || p->load_b < p->load_a || p->load_b > 100 ||
	    p->dominant_pct < 0 || p->dominant_pct > 100)
		return ioa_error(err, IOA_EUSAGE, "synth: period, jitter or load out of range");
	return 0;
}

static int pick_cat(struct ioa_rng *r, const int *mix)
{
	int sum = 0, c;
	uint64_t x;

	for (c = 0; c < IOA_NCAT; c++)
		sum += mix[c];
	x = ioa_rng_below(r, (uint64_t)sum);
	for (c = 0; c < IOA_NCAT - 1; c++) {
		if (x < (uint64_t)mix[c])
			return c;
		x -= (uint64_t)mix[c];
	}
	return IOA_NCAT - 1;
}

static int pick_util(struct ioa_rng *r, const struct ioa_synth_params *p)
{
	int64_t u = p->util_a, z = 0;
	int i;

	if (p->util_dist == IOA_DIST_UNIFORM) {
		u = p->util_a + (int64_t)ioa_rng_below(r, (uint64_t)(p->util_b - p->util_a + 1));
	} else if (p->util_dist == IOA_DIST_NORMAL) {
		for (i = 0; i < 12; i++) /* Irwin-Hall: sum of 12 U(0,1) - 6 ~ N(0, 1) */
			z += (int64_t)(ioa_rng_next(r) >> 44);
		z -= 6 * (INT64_C(1) << 20);
		u = p->util_a + z * p->util_b / (INT64_C(1) << 20);
	}
	return (int)IOA_MAX(1, IOA_MIN(1000, u));
}

struct vstate {
	int64_t period, t; /* t: next nominal release */
	int dom;
};

static void one_task(struct ioa_rng *r, const struct ioa_synth_params *p, struct vstate *v,
		     struct ioa_synth_task *t)
{
	int64_t jit = v->period * p->jitter_pct / 100, rel = v->t;
	int64_t load = p->load_a + (int64_t)ioa_rng_below(r, (uint64_t)(p->load_b - p->load_a + 1));

	if (p->arrival == IOA_ARRIVAL_PERIODIC) {
		if (jit)
			rel += (int64_t)ioa_rng_below(r, (uint64_t)(2 * jit + 1)) - jit;
		v->t += v->period;
	} else {
		rel = v->t +=
			(int64_t)(((unsigned __int128)ioa_rng_exp_q32(r) * (uint64_t)v->period) >>
				  32);
	}
	t->release_ns = IOA_MAX(rel, 0);
	t->dur_ns = IOA_MAX(v->period * load / 100, 1);
	t->deadline_ns = p->with_deadlines ? t->release_ns + v->period : -1;
	t->cat = ioa_rng_below(r, 100) < (uint64_t)p->dominant_pct ? v->dom : pick_cat(r, p->mix);
	t->util_tenths = t->cat == IOA_CAT_COMPUTE ? 0 : pick_util(r, p);
}

static int task_cmp(const void *a, const void *b)
{
	const struct ioa_synth_task *x = a, *y = b;

	if (x->release_ns != y->release_ns)
		return x->release_ns < y->release_ns ? -1 : 1;
	if (x->chain != y->chain)
		return x->chain < y->chain ? -1 : 1;
	return (x->dur_ns > y->dur_ns) - (x->dur_ns < y->dur_ns);
}

int ioa_synth_generate(const struct ioa_synth_params *p, struct ioa_synth_task **out, int *n,
		       struct ioa_err *err)
{
	int nv = p->vms * p->vcpus, ret = validate(p, err), i, k = 0;
	struct ioa_synth_task *t;
	struct vstate *v;
	struct ioa_rng r;

	*out = NULL;
	*n = 0;
	if (ret)
		return ret;
	ioa_rng_seed(&r, p->seed);
	v = ioa_xcalloc((size_t)nv, sizeof(*v));
	t = ioa_xcalloc((size_t)p->tasks, sizeof(*t));
	for (i = 0; i < nv; i++) {
		v[i].period = p->period_ns << ioa_rng_below(&r, 3); /* x1, x2, x4 */
		v[i].t = (int64_t)ioa_rng_below(&r, (uint64_t)v[i].period);
		v[i].dom = pick_cat(&r, p->mix);
	}
	for (i = 0; i < nv; i++) {
		int j, cnt = p->tasks / nv + (i < p->tasks % nv);

		for (j = 0; j < cnt; j++, k++) {
			one_task(&r, p, &v[i], &t[k]);
			t[k].vm = i / p->vcpus;
			t[k].vcpu = i % p->vcpus;
			t[k].chain = i;
		}
	}
	qsort(t, (size_t)k, sizeof(*t), task_cmp);
	free(v);
	*out = t;
	*n = k;
	return 0;
}

/*
 * The paper preset: six waves of four tasks, one wave every 6 ms, each task 4 ms, on 4 pCPUs; 4 VMs
 * x 2 vCPUs, each vCPU a 12 ms control loop (waves alternate between vCPUs 0-3 and 4-7).
 * Utilisations are chosen so that a wave released on idle pCPUs runs all four tasks at once under
 * shortest run queue, which gives the paper's baseline peaks (GPU 45+38+30 = 113 %, ETHERNET 45+25
 * = 70 %, CACHE 17+17 = 34 %, STORAGE 30+15 = 45 %) and its averages over the 34 ms baseline
 * (ETHERNET 420 %ms / 34 ms = 12.35 %, CACHE 544 / 34 = 16.0 %), while a schedule without
 * same-category overlap peaks at the largest single task (GPU 45, ETHERNET 45, CACHE 17, STORAGE 30
 * = -33 %).
 */
static const struct {
	int cat, util, dur_ms;
} paper_waves[6][4] = {
	{ { 3, 45, 4 }, { 3, 38, 4 }, { 3, 30, 4 }, { 1, 25, 4 } },
	{ { 1, 45, 4 }, { 1, 25, 4 }, { 5, 17, 4 }, { 5, 17, 4 } },
	{ { 4, 30, 4 }, { 4, 15, 4 }, { 5, 17, 4 }, { 5, 17, 4 } },
	{ { 0, 20, 4 }, { 2, 25, 4 }, { 5, 17, 4 }, { 5, 17, 4 } },
	{ { 3, 40, 4 }, { 4, 20, 4 }, { 5, 17, 4 }, { 5, 17, 4 } },
	{ { 1, 10, 4 }, { 0, 15, 4 }, { 2, 20, 4 }, { IOA_CAT_COMPUTE, 0, 4 } },
};

void ioa_synth_paper(struct ioa_synth_task **out, int *n, int *pcpus)
{
	struct ioa_synth_task *t = ioa_xcalloc(24, sizeof(*t));
	int w, i;

	for (w = 0; w < 6; w++) {
		for (i = 0; i < 4; i++) {
			struct ioa_synth_task *x = &t[w * 4 + i];

			x->release_ns = (int64_t)w * 6000000;
			x->dur_ns = (int64_t)paper_waves[w][i].dur_ms * 1000000;
			x->deadline_ns = -1;
			x->cat = paper_waves[w][i].cat;
			x->util_tenths = paper_waves[w][i].util * 10;
			x->chain = (w % 2) * 4 + i;
			x->vm = x->chain / 2;
			x->vcpu = x->chain % 2;
		}
	}
	*out = t;
	*n = 24;
	*pcpus = 4;
}

void ioa_synth_params_json(const struct ioa_synth_params *p, char *buf, size_t size)
{
	static const char *const dist[] = { "uniform", "normal", "const" };
	char mix[160];
	int c, off = 0;

	for (c = 0; c < IOA_NCAT; c++)
		off += snprintf(mix + off, sizeof(mix) - (size_t)off, "%s\"%s\": %d", c ? ", " : "",
				ioa_cat_name(c), p->mix[c]);
	snprintf(buf, size,
		 "{\"generator\": \"synth\", \"vms\": %d, \"vcpus\": %d, \"tasks\": %d, "
		 "\"pcpus\": %d, \"mix\": {%s}, \"util_dist\": \"%s\", \"util_a_pct\": %d.%d, "
		 "\"util_b_pct\": %d.%d, \"arrival\": \"%s\", \"period_ns\": %lld, "
		 "\"jitter_pct\": %d, \"load_pct\": [%d, %d], \"dominant_pct\": %d, "
		 "\"deadlines\": %s, \"seed\": %llu}",
		 p->vms, p->vcpus, p->tasks, p->pcpus, mix, dist[p->util_dist], p->util_a / 10,
		 p->util_a % 10, p->util_b / 10, p->util_b % 10,
		 p->arrival == IOA_ARRIVAL_POISSON ? "poisson" : "periodic",
		 (long long)p->period_ns, p->jitter_pct, p->load_a, p->load_b, p->dominant_pct,
		 p->with_deadlines ? "true" : "false", (unsigned long long)p->seed);
}
