// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The capacity plan (see plan.h). For each P of the range, one instance on P pCPUs is built
 * from the simulator's tasks (times shifted so that the first release is 0, as optimize does,
 * since the ILP's grid follows the horizon), each policy's schedule is computed and executed
 * with processor sharing at 100 % capacity, and the point records what fails. The answer of a
 * policy is its smallest P that holds; what fails at P - 1 is what binds it.
 */
#include "plan.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static const char *const policy_names[IOA_NPOL] = { "baseline", "online", "optimized" };

const char *ioa_policy_name(int policy)
{
	return policy >= 0 && policy < IOA_NPOL ? policy_names[policy] : "?";
}

int ioa_policy_parse(const char *name)
{
	int k;

	for (k = 0; k < IOA_NPOL; k++)
		if (!strcmp(name, policy_names[k]))
			return k;
	return -1;
}

int ioa_policy_mask(const char *list)
{
	char buf[128], *tok, *save = NULL;
	int mask = 0, k;

	ioa_strlcpy(buf, list, sizeof(buf));
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		k = ioa_policy_parse(tok);
		if (k < 0)
			return -1;
		mask |= 1 << k;
	}
	return mask ? mask : -1;
}

const char *ioa_plan_binding_name(int binding)
{
	static const char *const names[] = { "none", "overload", "wait", "deadline" };

	return binding >= 0 && binding <= IOA_BIND_DEADLINE ? names[binding] : "?";
}

void ioa_policy_out_release(struct ioa_policy_out *o)
{
	free(o->start);
	free(o->cpu);
	o->start = NULL;
	o->cpu = NULL;
}

static int solve_optimum(const struct ioa_inst *inst, const struct ioa_solve_opts *so,
			 struct ioa_policy_out *out, struct ioa_err *err)
{
	struct ioa_solve_opts o = *so;
	struct ioa_result res;
	int ret, i, need = 0;

	/* the online policy's schedule is the wait stage's start wherever it reaches C* */
	o.wait = o.peak = 1;
	o.hint = ioa_policy_online(inst, out->start, out->cpu, NULL) ? NULL : out->start;
	ret = ioa_solve(inst, &o, &res, err);
	if (ret)
		return ret;
	for (i = 0; i < inst->n; i++) {
		out->start[i] = res.start[i];
		out->cpu[i] = res.cpu ? res.cpu[i] : IOA_NONE;
		need |= out->cpu[i] < 0;
	}
	if (need)
		ret = ioa_assign_cpus(inst, out->start, out->cpu, err);
	out->status = res.status;
	out->seconds = res.seconds;
	out->makespan = res.makespan;
	out->bound = res.bound;
	out->gap = res.gap;
	out->wait_status = res.wait.status;
	out->wait_total = res.wait.after;
	out->wait_online = res.wait.hint;
	ioa_result_release(&res);
	return ret;
}

int ioa_policy_schedule(const struct ioa_inst *inst, int policy, const struct ioa_solve_opts *so,
			struct ioa_policy_out *out, struct ioa_err *err)
{
	double t0 = ioa_now();
	int ret;

	memset(out, 0, sizeof(*out));
	out->start = ioa_xcalloc((size_t)inst->n + 1, sizeof(int64_t));
	out->cpu = ioa_xcalloc((size_t)inst->n + 1, sizeof(int));
	out->status = IOA_ST_FEASIBLE;
	out->bound = -1;
	out->gap = NAN;
	if (policy == IOA_POL_OPTIMIZED)
		return solve_optimum(inst, so, out, err);
	ret = policy == IOA_POL_BASELINE ? ioa_policy_baseline(inst, out->start, out->cpu, err)
					 : ioa_policy_online(inst, out->start, out->cpu, err);
	out->seconds = ioa_now() - t0;
	if (!ret)
		out->makespan = ioa_makespan(inst, out->start);
	return ret;
}

/* --- the search --- */

struct search {
	const struct ioa_plan_input *in;
	const struct ioa_plan_opts *o;
	struct ioa_plan *p;
	struct ioa_vtask *v;	   /* [n] instance tasks, times from t0 */
	struct ioa_sim_place *pl;  /* [n] */
	struct ioa_sim_group *grp; /* [nvms] */
	int64_t t0;
	int alloc;
};

static void make_vtasks(struct search *s)
{
	const struct ioa_plan_input *in = s->in;
	int i;

	s->t0 = INT64_MAX;
	for (i = 0; i < in->n; i++)
		s->t0 = IOA_MIN(s->t0, in->t[i].release_ns);
	for (i = 0; i < in->n; i++) {
		const struct ioa_sim_task *t = &in->t[i];
		struct ioa_vtask *v = &s->v[i];

		v->release = t->release_ns - s->t0;
		v->dur = t->dur_ns;
		v->deadline = in->mode == IOA_MODE_EDF && t->deadline_ns >= 0
				      ? t->deadline_ns - s->t0
				      : IOA_NONE;
		v->cat = t->cat;
		/* the model is integer % within the cap; the simulation sees the exact demand */
		v->util = (int)IOA_MAX(0, IOA_MIN(lround(t->util_pct), 1000000));
		if (in->mode == IOA_MODE_OVERLAP)
			v->util = IOA_MIN(v->util, in->cap);
		v->chain = t->chain;
		v->pin = IOA_NONE; /* P varies: a pin to a pCPU means nothing here */
		s->p->deadlines |= t->deadline_ns >= 0;
	}
}

static void wait_figures(struct search *s, struct ioa_plan_point *pt)
{
	double worst = -INFINITY;
	int g;

	pt->worst_vm = -1;
	for (g = 0; g < s->in->nvms; g++) {
		const struct ioa_sim_group *x = &s->grp[g];
		double over = x->p99_wait_s - s->in->budget_s[g];

		if (!x->ntasks)
			continue;
		pt->p99_wait_s = IOA_MAX(pt->p99_wait_s, x->p99_wait_s);
		if (x->p99_wait_s > s->in->budget_s[g])
			pt->fails |= IOA_PLAN_WAIT;
		if (over > worst) {
			worst = over;
			pt->worst_vm = g;
			pt->worst_p99_s = x->p99_wait_s;
		}
	}
}

/* the category whose tasks waited longest in sum */
static int wait_cat(const struct ioa_sim_task *t, int n, const struct ioa_sim_result *r)
{
	double sum[IOA_NCAT] = { 0 }, most = 0;
	int i, c, best = -1;

	for (i = 0; i < n; i++)
		sum[t[i].cat] += (double)(r->start_ns[i] - t[i].release_ns);
	for (c = 0; c < IOA_NCAT; c++)
		if (sum[c] > most) {
			most = sum[c];
			best = c;
		}
	return best;
}

/* execute the schedule and fill the point's figures */
static int measure(struct search *s, const struct ioa_policy_out *po, struct ioa_plan_point *pt,
		   struct ioa_err *err)
{
	struct ioa_sim_opts so = { IOA_SIM_SHARE, 100.0, 0 };
	struct ioa_sim_result r;
	double most = 0;
	int i, c, ret;

	for (i = 0; i < s->in->n; i++)
		s->pl[i] = (struct ioa_sim_place){ po->cpu[i], po->start[i] + s->t0 };
	ret = ioa_sim_run(&r, s->in->t, s->pl, s->in->n, pt->pcpus, &so, err);
	if (ret)
		return ret;
	ioa_sim_groups(s->grp, s->in->nvms, &r, s->in->t, s->in->vm);
	pt->max_wait_s = r.wait_max_s;
	pt->overload_s = r.overload_any_s;
	pt->makespan_s = (double)r.makespan_ns / 1e9;
	pt->misses = r.deadline_misses;
	pt->over_comp = -1;
	for (c = 0; c < IOA_SIM_NCOMP; c++) {
		pt->peak_pct[c] = r.comp[c].max_util_pct;
		if (r.comp[c].overload_s > most) {
			most = r.comp[c].overload_s;
			pt->over_comp = c;
		}
	}
	pt->fails |= r.overload_any_s > 0 ? IOA_PLAN_OVERLOAD : 0;
	pt->fails |= r.deadline_misses ? IOA_PLAN_DEADLINE : 0;
	pt->wait_cat = wait_cat(s->in->t, s->in->n, &r);
	wait_figures(s, pt);
	ioa_sim_result_release(&r);
	return 0;
}

static int eval_point(struct search *s, const struct ioa_inst *inst, int k, struct ioa_err *err)
{
	struct ioa_solve_opts so = {
		.time_limit = s->o->time_limit > 0 ? s->o->time_limit : 2,
		.seed = s->o->seed,
		.peak = s->in->mode == IOA_MODE_OVERLAP,
		.log = s->o->log,
		.stop = s->o->stop,
	};
	struct ioa_plan_point *pt;
	struct ioa_policy_out po;
	int ret;

	IOA_GROW(s->p->pt, s->p->npt, s->alloc);
	pt = &s->p->pt[s->p->npt];
	memset(pt, 0, sizeof(*pt));
	pt->pcpus = inst->pcpus;
	pt->policy = k;
	pt->gap = NAN;
	ret = ioa_policy_schedule(inst, k, &so, &po, err);
	if (ret == IOA_EINFEASIBLE) {
		/* no schedule meets the deadlines: the point fails on them, with no figures */
		pt->status = IOA_ST_INFEASIBLE;
		pt->fails = IOA_PLAN_DEADLINE;
		pt->worst_vm = pt->over_comp = pt->wait_cat = -1;
		pt->p99_wait_s = pt->max_wait_s = NAN;
		err->code = 0;
		ret = 0;
	} else if (!ret) {
		pt->status = po.status;
		pt->gap = po.gap;
		pt->seconds = po.seconds;
		ret = measure(s, &po, pt, err);
	}
	ioa_policy_out_release(&po);
	if (!ret)
		s->p->npt++;
	return ret;
}

static int eval_p(struct search *s, int P, struct ioa_err *err)
{
	struct ioa_inst inst;
	int k, ret;

	memset(&inst, 0, sizeof(inst));
	ret = ioa_inst_vcpu(&inst, s->v, s->in->n, P, s->in->mode,
			    s->in->mode == IOA_MODE_OVERLAP ? s->in->cap : 100, err);
	for (k = 0; k < IOA_NPOL && !ret; k++) {
		if (!(s->o->policies & (1 << k)))
			continue;
		if (s->o->stop && *s->o->stop)
			ret = ioa_error(err, IOA_EINTR, "plan: interrupted at P = %d", P);
		else
			ret = eval_point(s, &inst, k, err);
	}
	ioa_inst_release(&inst);
	if (!ret)
		ioa_log(s->o->log, IOA_LOG_INFO, "plan: P = %d done\n", P);
	return ret;
}

const struct ioa_plan_point *ioa_plan_at(const struct ioa_plan *p, int policy, int pcpus)
{
	int i;

	for (i = 0; i < p->npt; i++)
		if (p->pt[i].policy == policy && p->pt[i].pcpus == pcpus)
			return &p->pt[i];
	return NULL;
}

/* --- the answer and why --- */

static int binding_of(int fails)
{
	if (fails & IOA_PLAN_OVERLOAD)
		return IOA_BIND_OVERLOAD;
	if (fails & IOA_PLAN_DEADLINE)
		return IOA_BIND_DEADLINE;
	return fails & IOA_PLAN_WAIT ? IOA_BIND_WAIT : IOA_BIND_NONE;
}

/* the largest demand of one task of component @c, and its VM */
static double own_demand(const struct ioa_plan_input *in, int c, int *vm)
{
	double most = 0;
	int i;

	*vm = -1;
	for (i = 0; i < in->n; i++)
		if (in->t[i].cat == c && in->t[i].util_pct > most) {
			most = in->t[i].util_pct;
			*vm = in->vm[i];
		}
	return most;
}

static const char *vm_label(const struct ioa_plan_input *in, int g)
{
	return g >= 0 && g < in->nvms && in->vm_name && in->vm_name[g] ? in->vm_name[g] : "?";
}

static int chains_of(const struct ioa_plan_input *in)
{
	int i, n = 0;

	for (i = 0; i < in->n; i++)
		n = IOA_MAX(n, in->t[i].chain + 1);
	return n;
}

static void why_overload(char *buf, size_t size, const struct ioa_plan_input *in,
			 const struct ioa_plan_point *pt)
{
	int c = pt->over_comp, vm;
	double own = c >= 0 ? own_demand(in, c, &vm) : 0;

	if (c >= 0 && own > 100)
		snprintf(buf, size,
			 "one vCPU's own demand exceeds %s's capacity: a task of %s alone asks "
			 "%.0f %% (> 100 %%), which no pCPU count removes",
			 ioa_cat_name(c), vm_label(in, vm), own);
	else
		snprintf(buf, size, "%s above 100 %% for %.3f ms at P = %d (peak %.0f %%)",
			 c >= 0 ? ioa_cat_name(c) : "a component", pt->overload_s * 1e3, pt->pcpus,
			 c >= 0 ? pt->peak_pct[c] : 0.0);
}

static void why_wait(char *buf, size_t size, const struct ioa_plan_input *in,
		     const struct ioa_plan_point *pt, int at_end)
{
	int g = pt->worst_vm, c = pt->wait_cat, len;
	int rule = pt->policy != IOA_POL_BASELINE && in->mode != IOA_MODE_OVERLAP;

	len = snprintf(buf, size, "%s: p99 wait %.3f ms > budget %.3f ms at P = %d",
		       vm_label(in, g), pt->worst_p99_s * 1e3, g >= 0 ? in->budget_s[g] * 1e3 : 0.0,
		       pt->pcpus);
	if (at_end && pt->pcpus >= chains_of(in) && len > 0 && (size_t)len < size)
		len += snprintf(buf + len, size - (size_t)len,
				"; more pCPUs cannot help: from %d on every vCPU has its own",
				chains_of(in));
	if (at_end && rule && c >= 0 && c < IOA_SIM_NCOMP && len > 0 && (size_t)len < size)
		snprintf(buf + len, size - (size_t)len,
			 "; most of the waiting is %s work, which the category rule runs one "
			 "task at a time",
			 ioa_cat_name(c));
}

static void why(char *buf, size_t size, const struct ioa_plan_input *in,
		const struct ioa_plan_point *pt, int at_end)
{
	int b = binding_of(pt->fails);

	if (b == IOA_BIND_OVERLOAD)
		why_overload(buf, size, in, pt);
	else if (b == IOA_BIND_DEADLINE && pt->status == IOA_ST_INFEASIBLE)
		snprintf(buf, size, "no schedule on %d pCPUs meets every deadline", pt->pcpus);
	else if (b == IOA_BIND_DEADLINE)
		snprintf(buf, size, "%d deadline miss(es) at P = %d", pt->misses, pt->pcpus);
	else
		why_wait(buf, size, in, pt, at_end);
}

static int point_index(const struct ioa_plan *p, const struct ioa_plan_point *pt)
{
	return pt ? (int)(pt - p->pt) : -1;
}

static void not_proven(struct ioa_plan_answer *a, const struct ioa_plan_point *pt)
{
	size_t len = strlen(a->reason);

	if (!pt || pt->status == IOA_ST_OPTIMAL || len + 2 >= sizeof(a->reason))
		return;
	a->proven = 0;
	snprintf(a->reason + len, sizeof(a->reason) - len,
		 "%sthe optimum at P = %d is not proven (%s, gap %.1f %%)", len ? "; " : "",
		 pt->pcpus, ioa_status_name(pt->status), isnan(pt->gap) ? 100.0 : pt->gap * 100);
}

static void answer(struct ioa_plan *p, const struct ioa_plan_input *in, int k)
{
	struct ioa_plan_answer *a = &p->ans[k];
	const struct ioa_plan_point *pt = NULL, *below;
	int P;

	memset(a, 0, sizeof(*a));
	a->proven = 1;
	for (P = p->p_lo; P <= p->p_hi && !a->cores; P++) {
		pt = ioa_plan_at(p, k, P);
		if (pt && !pt->fails)
			a->cores = P;
	}
	a->at = point_index(p, pt);
	below = a->cores ? ioa_plan_at(p, k, a->cores - 1) : NULL;
	if (!a->cores) {
		a->binding = binding_of(pt->fails);
		why(a->reason, sizeof(a->reason), in, pt, 1);
	} else if (!below) {
		a->binding = IOA_BIND_NONE;
		snprintf(a->reason, sizeof(a->reason), "holds at the range start P = %d", a->cores);
	} else {
		a->binding = binding_of(below->fails);
		why(a->reason, sizeof(a->reason), in, below, 0);
	}
	if (k == IOA_POL_OPTIMIZED) {
		not_proven(a, pt);
		not_proven(a, below);
	}
}

int ioa_plan_run(struct ioa_plan *out, const struct ioa_plan_input *in,
		 const struct ioa_plan_opts *o, struct ioa_err *err)
{
	struct search s = { in, o, out, NULL, NULL, NULL, 0, 0 };
	double t0 = ioa_now();
	int P, k, ret = 0;

	memset(out, 0, sizeof(*out));
	if (o->p_lo < 1 || o->p_hi < o->p_lo || !(o->policies & ((1 << IOA_NPOL) - 1)) || in->n < 1)
		return ioa_error(err, IOA_EINPUT, "plan: empty range %d-%d, no policy or no task",
				 o->p_lo, o->p_hi);
	out->p_lo = o->p_lo;
	out->p_hi = o->p_hi;
	out->policies = o->policies & ((1 << IOA_NPOL) - 1);
	s.v = ioa_xcalloc((size_t)in->n, sizeof(*s.v));
	s.pl = ioa_xcalloc((size_t)in->n, sizeof(*s.pl));
	s.grp = ioa_xcalloc((size_t)IOA_MAX(in->nvms, 1), sizeof(*s.grp));
	make_vtasks(&s);
	for (P = o->p_lo; P <= o->p_hi && !ret; P++)
		ret = eval_p(&s, P, err);
	for (k = 0; k < IOA_NPOL && !ret; k++)
		if (out->policies & (1 << k))
			answer(out, in, k);
	free(s.v);
	free(s.pl);
	free(s.grp);
	out->seconds = ioa_now() - t0;
	if (ret)
		ioa_plan_release(out);
	return ret;
}

void ioa_plan_release(struct ioa_plan *p)
{
	free(p->pt);
	memset(p, 0, sizeof(*p));
}

/* --- the sentence --- */

static const char *const policy_words[IOA_NPOL] = {
	"shortest run queue",
	"the I/O-aware online policy",
	"the optimum",
};

void ioa_plan_sentence(char *buf, size_t size, const struct ioa_plan *p, double budget_ms,
		       int overrides)
{
	size_t len;
	int k, first = 1;

	len = (size_t)snprintf(buf, size,
			       "for p99 wait ≤ %g ms%s%s and no component above 100 %%:", budget_ms,
			       overrides ? " (some VMs: their own budget)" : "",
			       p->deadlines ? ", no deadline miss" : "");
	for (k = 0; k < IOA_NPOL && len < size; k++) {
		const struct ioa_plan_answer *a = &p->ans[k];
		char n[64];

		if (!(p->policies & (1 << k)))
			continue;
		if (a->cores)
			snprintf(n, sizeof(n), "%s%d%s", first ? "needs " : "", a->cores,
				 !first		 ? ""
				 : a->cores == 1 ? " core"
						 : " cores");
		else
			snprintf(n, sizeof(n), "%snone of %d–%d%s (%s)", first ? "holds on " : "",
				 p->p_lo, p->p_hi, first ? " cores" : "",
				 ioa_plan_binding_name(a->binding));
		len += (size_t)snprintf(buf + len, size - len, "%s %s %s", first ? "" : ",",
					policy_words[k], n);
		first = 0;
	}
}
