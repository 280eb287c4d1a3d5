// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Scenario construction from traces (stage.h): which host traces the given ids stand for (a
 * guest trace counts with its host), their classified vCPU segments read from the database,
 * consolidated onto one hypothetical host (optimizer/consol.c), optionally cut to a window.
 * Shared by optimize, run and plan so that every command builds the same scenario from the
 * same traces.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stage.h"

int ioa_parse_ids(const char *arg, int64_t *ids, int max)
{
	const char *p = arg;
	char *end;
	int n = 0;
	long long v;

	while (*p) {
		errno = 0;
		v = strtoll(p, &end, 10);
		if (errno || end == p || v < 1 || n >= max || (*end && *end != ','))
			return -1;
		ids[n++] = v;
		p = *end ? end + 1 : end;
		if (*end && !*p)
			return -1;
	}
	return n ? n : -1;
}

void ioa_scenario_built_release(struct ioa_scenario_built *b)
{
	ioa_consol_release(&b->cons);
	memset(b, 0, sizeof(*b));
}

static int have_host(const struct ioa_scenario_built *b, int64_t id)
{
	int i;

	for (i = 0; i < b->nhosts; i++)
		if (b->hosts[i] == id)
			return 1;
	return 0;
}

/* no trace given: the newest one, said on the log */
static int newest_trace(struct ioa_db *db, const struct ioa_log *log, int64_t *id,
			struct ioa_err *err)
{
	struct ioa_db_newest nw;
	int ret = ioa_db_newest(db, &nw, err);

	if (ret)
		return ret;
	if (!nw.trace_id)
		return ioa_error(err, IOA_ENODATA, "no trace in the database (run ingest)");
	ioa_log(log, IOA_LOG_WARN, "using trace %lld (%s, newest)\n", (long long)nw.trace_id,
		nw.file);
	*id = nw.trace_id;
	return 0;
}

/* the host traces the ids stand for, in the order given, each once */
static int resolve_hosts(struct ioa_db *db, const struct ioa_scenario_opts *o,
			 struct ioa_scenario_built *b, struct ioa_err *err)
{
	int64_t latest = 0, host, id;
	int i, n = o->ntraces, ret = 0;

	if (!n) {
		ret = newest_trace(db, o->log, &latest, err);
		n = 1;
	}
	for (i = 0; i < n && !ret; i++) {
		id = o->ntraces ? o->trace_ids[i] : latest;
		ret = ioa_db_trace_host(db, id, &host, err);
		if (ret)
			break;
		if (host)
			ioa_log(o->log, IOA_LOG_INFO,
				"trace %lld is a guest of trace %lld: its VMs "
				"are counted with that host\n",
				(long long)id, (long long)host);
		id = host ? host : id;
		if (have_host(b, id))
			continue;
		if (b->nhosts >= (int)IOA_ARRAY_SIZE(b->hosts))
			return ioa_error(err, IOA_EINPUT, "more than %d host traces",
					 (int)IOA_ARRAY_SIZE(b->hosts));
		b->hosts[b->nhosts++] = id;
	}
	return ret;
}

struct loaded {
	struct ioa_task_rec *t;
	struct ioa_placement_rec *p;
};

static int load_traces(struct ioa_db *db, struct ioa_scenario_built *b, struct ioa_consol_in *in,
		       struct loaded *l, struct ioa_err *err)
{
	int i, ret = 0;

	for (i = 0; i < b->nhosts && !ret; i++) {
		in[i].trace_id = b->hosts[i];
		ret = ioa_db_trace_tasks(db, b->hosts[i], &l[i].t, &l[i].p, &in[i].n, &in[i].cpus,
					 err);
		if (!ret)
			ret = ioa_db_trace_first(db, b->hosts[i], &in[i].first_ns, err);
		in[i].t = l[i].t;
		in[i].p = l[i].p;
	}
	return ret;
}

/* keep the tasks whose as-traced start is in the window; task ids renumbered */
static int window_cut(struct ioa_scenario_built *b, const struct ioa_scenario_opts *o,
		      int64_t first, struct ioa_err *err)
{
	struct ioa_consol *c = &b->cons;
	int64_t base, lo, hi;
	int i, m = 0;

	if (o->win_b < 0)
		return 0;
	base = o->win_a * 1e9 >= (double)first && first > 0 ? 0 : first;
	lo = base + (int64_t)llround(o->win_a * 1e9);
	hi = base + (int64_t)llround(o->win_b * 1e9);
	for (i = 0; i < c->n; i++) {
		if (c->p[i].start_ns < lo || c->p[i].start_ns >= hi)
			continue;
		c->t[m] = c->t[i];
		c->p[m] = c->p[i];
		c->t[m].task_id = c->p[m].task_id = m;
		m++;
	}
	c->n = m;
	b->sc.window_start_ns = lo;
	b->sc.window_end_ns = hi;
	if (!m)
		return ioa_error(err, IOA_ENODATA, "trace %lld: no vCPU segment in %g:%g s",
				 (long long)b->hosts[0], o->win_a, o->win_b);
	return 0;
}

static void name_it(struct ioa_scenario_built *b, const struct ioa_scenario_opts *o,
		    const struct ioa_consol_opts *co)
{
	struct ioa_scenario_rec *sc = &b->sc;
	size_t len;
	int i;

	len = (size_t)snprintf(sc->name, sizeof(sc->name), "trace%s", b->nhosts > 1 ? "s" : "");
	for (i = 0; i < b->nhosts && len < sizeof(sc->name); i++)
		len += (size_t)snprintf(sc->name + len, sizeof(sc->name) - len, "%s%lld",
					i ? "+" : " ", (long long)b->hosts[i]);
	if (co->repeat > 1 && len < sizeof(sc->name))
		len += (size_t)snprintf(sc->name + len, sizeof(sc->name) - len, " x%d", co->repeat);
	if (o->win_b >= 0 && len < sizeof(sc->name))
		snprintf(sc->name + len, sizeof(sc->name) - len, " window %g-%g s", o->win_a,
			 o->win_b);
	snprintf(sc->params, sizeof(sc->params),
		 "{\"by\": \"optimize\", \"traces\": %d, \"align\": \"%s\", \"repeat\": %d, "
		 "\"repeat_seed\": %llu}",
		 b->nhosts, co->align == IOA_ALIGN_CLOCK ? "clock" : "start", co->repeat,
		 (unsigned long long)co->seed);
	ioa_strlcpy(sc->source, "trace", sizeof(sc->source));
	sc->trace_id = b->hosts[0];
	sc->seed = co->repeat > 1 ? (int64_t)co->seed : -1;
	sc->parts = b->cons.parts;
	sc->nparts = b->cons.nparts;
}

int ioa_scenario_build(struct ioa_db *db, const struct ioa_scenario_opts *o,
		       struct ioa_scenario_built *b, struct ioa_err *err)
{
	struct ioa_consol_in in[IOA_ARRAY_SIZE(b->hosts)];
	struct loaded l[IOA_ARRAY_SIZE(b->hosts)];
	struct ioa_consol_opts co = o->consol;
	int i, ret;

	memset(b, 0, sizeof(*b));
	memset(in, 0, sizeof(in));
	memset(l, 0, sizeof(l));
	b->sc.window_start_ns = b->sc.window_end_ns = -1;
	co.repeat = IOA_MAX(co.repeat, 1);
	ret = resolve_hosts(db, o, b, err);
	if (!ret)
		ret = load_traces(db, b, in, l, err);
	if (!ret)
		ret = ioa_consolidate(&b->cons, in, b->nhosts, &co, err);
	if (!ret) {
		name_it(b, o, &co);
		ret = window_cut(b, o, in[0].first_ns, err);
	}
	for (i = 0; i < b->nhosts; i++) {
		free(l[i].t);
		free(l[i].p);
	}
	return ret;
}

int ioa_scenario_pick(struct ioa_db *db, int64_t id, const struct ioa_log *log,
		      struct ioa_scenario_rec *sc, struct ioa_err *err)
{
	int ret = ioa_db_scenario_get(db, id, sc, err);

	if (!ret && !id)
		ioa_log(log, IOA_LOG_WARN, "using scenario %lld (%s, newest)\n",
			(long long)sc->scenario_id, sc->name);
	return ret;
}
