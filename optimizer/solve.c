// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The driver: bounds -> heuristic -> (stop when the heuristic meets the bound: optimal without
 * an ILP) -> the destructive bound (destructive.c, same stop; not when the search runs) -> on
 * small instances the exact branch-and-bound (bnb.c) and then, when it has not closed the gap, the
 * monolithic ILP (model restricted to the propagated windows of a better schedule) when the model
 * is small enough, else large-neighbourhood search -> pCPU ids -> the checker. The best schedule
 * found so far is always kept, so a time limit or Ctrl-C (opts->stop) ends with a checked schedule
 * and its gap.
 *
 * A hint (the online policy's schedule) replaces the heuristic's when it is better. After the
 * makespan, optionally the wait stage and then the peak stage (lexi.c), both at the makespan
 * found.
 *
 * Objective lateness (sum of start - release): the better of the heuristic's schedule and
 * a serial SGS pass in release order, then LNS accepting windows by lateness (the window ILP
 * still minimises the window's makespan: no proof). Bound: sum of (head - release), heads from
 * releases and chains.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "optimizer.h"

/* the monolithic ILP is tried up to this many estimated non-zeros (OPTIMIZER.md) */
#define ILP_MAX_NONZEROS 600000
/* share of the time left given to the destructive bound (capped at 3 s) */
#define DESTRUCTIVE_SHARE 0.5
/*
 * share of the time left given to the branch-and-bound before the ILP (auto): on the PSPLIB
 * instances that the search leaves open the ILP's second or so improved neither makespan nor
 * bound (j6021, j6025), and j3013's proof needs the time
 */
#define BNB_SHARE 0.95

double ioa_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void ioa_result_release(struct ioa_result *res)
{
	free(res->start);
	free(res->cpu);
	memset(res, 0, sizeof(*res));
}

static double time_left(const struct ioa_solve_opts *o, double t0)
{
	return (o->time_limit > 0 ? o->time_limit : 10) - (ioa_now() - t0);
}

static int run_heuristic(const struct ioa_inst *inst, const struct ioa_solve_opts *o,
			 struct ioa_result *res, struct ioa_err *err)
{
	struct ioa_heur_opts ho = {
		.passes = o->heur_passes,
		.time_limit = IOA_MIN(o->time_limit > 0 ? o->time_limit / 4 : 2.5,
				      inst->n <= 3000 ? 0.07 : 1e9),
		.seed = o->seed,
		.lb = res->bound,
		.stop = o->stop,
	};
	double t = ioa_now();
	int ret;

	res->makespan = ioa_heuristic(inst, &ho, res->start);
	res->heuristic_makespan = res->makespan;
	res->heuristic_seconds = ioa_now() - t;
	ret = ioa_check(inst, res->start, NULL, err);
	if (ret && err && strstr(err->msg, "deadline")) {
		err->code = 0;
		return ioa_error(err, IOA_EINFEASIBLE,
				 "no schedule meeting every deadline found: %s", err->msg);
	}
	return ret;
}

/* windows of any better schedule (shrink the ILP); returns 1 when they are empty */
static int better_windows(const struct ioa_inst *inst, double left, const struct ioa_result *res,
			  struct ioa_ilp_opts *io, int64_t *win)
{
	if (inst->n > IOA_DESTRUCTIVE_MAX_TASKS)
		return 0;
	io->win_T = res->makespan - 1;
	io->win_es = win;
	io->win_ls = win + inst->n;
	return ioa_windows(inst, io->win_T, IOA_MIN(left / 4, 0.5), win, win + inst->n);
}

static int run_ilp(const struct ioa_inst *inst, const struct ioa_solve_opts *o, double left,
		   struct ioa_result *res, struct ioa_err *err)
{
	struct ioa_ilp_opts io = { .time_limit = left, .log = o->log, .stop = o->stop };
	struct ioa_ilp_out out;
	int64_t *start = ioa_xmalloc((size_t)(inst->n + 1) * sizeof(int64_t));
	int64_t *win = ioa_xmalloc((size_t)(2 * inst->n + 1) * sizeof(int64_t));
	double t = ioa_now();
	int ret;

	if (better_windows(inst, left, res, &io, win)) {
		res->bound = res->makespan; /* no better schedule exists */
		free(win);
		free(start);
		return 0;
	}
	io.time_limit = IOA_MAX(0.01, left - (ioa_now() - t));
	ret = ioa_ilp_solve(inst, res->start, res->bound, &io, start, &out, err);

	res->used_ilp = 1;
	if (!ret && out.makespan <= res->makespan) {
		memcpy(res->start, start, (size_t)inst->n * sizeof(int64_t));
		res->makespan = out.makespan;
	}
	if (!ret) {
		res->bound = IOA_MAX(res->bound, out.bound);
		res->rounding_loss = out.rounding_loss;
	}
	if (o->log)
		ioa_log(o->log, IOA_LOG_INFO,
			"ilp: %d rows, %d cols, %lld non-zeros, grid %lld, %s in %.2f s\n",
			out.rows, out.cols, (long long)out.nonzeros, (long long)out.grid,
			ioa_status_name(out.status), out.seconds);
	free(start);
	free(win);
	return ret;
}

static void run_lns(const struct ioa_inst *inst, const struct ioa_solve_opts *o, double left,
		    struct ioa_result *res)
{
	struct ioa_lns_opts lo = {
		.time_limit = left,
		.seed = o->seed,
		.lb = res->bound,
		.log = o->log,
		.stop = o->stop,
	};

	res->used_lns = 1;
	res->makespan = ioa_lns(inst, &lo, res->start);
}

/* the branch-and-bound runs (improve()): its probes at the bound raise it themselves */
static int bnb_runs(const struct ioa_inst *inst, const struct ioa_solve_opts *o)
{
	return o->exact != IOA_EXACT_ILP && inst->n <= IOA_BNB_MAX_TASKS && o->max_ilp_tasks != 1;
}

/*
 * The destructive bound, within a share of the time left (none without the exact stage). Not
 * before the branch-and-bound: each of its probes is the same propagation plus a search, and
 * the shaving here cost 2-4 times the whole search on the j30 instances that need it.
 */
static void run_destructive(const struct ioa_inst *inst, const struct ioa_solve_opts *o, double t0,
			    struct ioa_result *res)
{
	double t = ioa_now(), budget = IOA_MIN(time_left(o, t0) * DESTRUCTIVE_SHARE, 3.0);
	int64_t lb = res->bound;

	if (o->no_ilp || budget <= 0 || (o->stop && *o->stop) || bnb_runs(inst, o))
		return;
	res->bound = ioa_lb_destructive(inst, res->bound, res->makespan, budget);
	if (o->log)
		ioa_log(o->log, IOA_LOG_INFO, "destructive bound: %lld -> %lld in %.2f s\n",
			(long long)lb, (long long)res->bound, ioa_now() - t);
}

/* lateness: the release-order SGS schedule when it is better; then LNS on lateness */
static int improve_lateness(const struct ioa_inst *inst, const struct ioa_solve_opts *o, double t0,
			    struct ioa_result *res)
{
	int64_t *key = ioa_xmalloc((size_t)(inst->n + 1) * sizeof(int64_t));
	int *list = ioa_xmalloc((size_t)(inst->n + 1) * sizeof(int));
	struct ioa_lns_opts lo = { .seed = o->seed, .lateness = 1, .log = o->log, .stop = o->stop };
	int j;

	for (j = 0; j < inst->n; j++)
		key[j] = inst->task[j].release;
	ioa_list_by_key(inst, key, list);
	ioa_ssgs_list(inst, list, key);
	if (ioa_total_wait(inst, key) < ioa_total_wait(inst, res->start) &&
	    !ioa_check(inst, key, NULL, NULL))
		memcpy(res->start, key, (size_t)inst->n * sizeof(int64_t));
	free(key);
	free(list);
	res->objective = ioa_total_wait(inst, res->start);
	lo.time_limit = time_left(o, t0);
	if (!o->no_ilp && lo.time_limit > 0 && res->objective > res->obj_bound) {
		res->used_lns = 1;
		ioa_lns(inst, &lo, res->start);
	}
	res->makespan = ioa_makespan(inst, res->start);
	res->objective = ioa_total_wait(inst, res->start);
	return 0;
}

/* the branch-and-bound on a share of the time left; its schedule passed the checker */
static void run_bnb(const struct ioa_inst *inst, const struct ioa_solve_opts *o, double left,
		    struct ioa_result *res)
{
	struct ioa_bnb_opts bo = { .time_limit = left, .log = o->log, .stop = o->stop };
	struct ioa_bnb_out out;

	if (o->exact == IOA_EXACT_AUTO)
		bo.time_limit = left * BNB_SHARE;
	if (o->exact == IOA_EXACT_DFS)
		bo.engine = IOA_BNB_DFS;
	else if (o->exact == IOA_EXACT_LCG)
		bo.engine = IOA_BNB_LCG;
	res->used_bnb = 1;
	res->bound = ioa_bnb(inst, res->bound, &bo, res->start, &out);
	res->makespan = out.makespan;
	res->bnb_nodes += out.nodes;
	if (o->log)
		ioa_log(o->log, IOA_LOG_INFO,
			"branch-and-bound: makespan %lld, bound %lld, "
			"%ld nodes (%ld dominated) in %.2f s\n",
			(long long)out.makespan, (long long)out.bound, out.nodes, out.memo_hits,
			out.seconds);
}

static int improve(const struct ioa_inst *inst, const struct ioa_solve_opts *o, double t0,
		   struct ioa_result *res, struct ioa_err *err)
{
	double left = time_left(o, t0);
	int max_n = o->max_ilp_tasks > 0 ? o->max_ilp_tasks : 200;

	if (o->no_ilp || left <= 0 || (o->stop && *o->stop))
		return 0;
	if (bnb_runs(inst, o)) {
		run_bnb(inst, o, left, res);
		left = time_left(o, t0);
		if (o->exact != IOA_EXACT_AUTO || res->makespan <= res->bound || left <= 0)
			return 0;
	}
	if (inst->n <= max_n &&
	    ioa_ilp_estimate(inst, res->makespan, 1 + res->makespan / 300) <= ILP_MAX_NONZEROS)
		return run_ilp(inst, o, left, res, err);
	run_lns(inst, o, left, res);
	return 0;
}

/* a stage's own budget on top of the time limit: 20 % of it, at most 2 s */
static double stage_time(const struct ioa_solve_opts *o)
{
	double limit = o->time_limit > 0 ? o->time_limit : 10;

	return o->peak_time > 0 ? o->peak_time : IOA_MIN(2.0, 0.2 * limit);
}

/* the wait stage at the makespan found (lexi.c), from the hint when it reaches it */
static int run_wait(const struct ioa_inst *inst, const struct ioa_solve_opts *o,
		    struct ioa_result *res, struct ioa_err *err)
{
	struct ioa_wait_opts wo = {
		.time_limit = stage_time(o),
		.max_ilp_tasks = o->no_ilp ? -1 : o->max_ilp_tasks,
		.seed = o->seed,
		.hint = o->hint,
		.log = o->log,
		.stop = o->stop,
	};
	int ret;

	if (o->lateness) {
		res->wait.how = IOA_WAIT_SKIP_OBJ;
		return 0;
	}
	ret = ioa_wait_stage(inst, &wo, res->start, &res->wait, err);
	if (o->log)
		ioa_log(o->log, IOA_LOG_INFO,
			"wait stage: %lld -> %lld (bound %lld, hint %lld), %s, %s\n",
			(long long)res->wait.before, (long long)res->wait.after,
			(long long)res->wait.bound, (long long)res->wait.hint,
			ioa_wait_how_name(res->wait.how), ioa_status_name(res->wait.status));
	return ret;
}

/* the peak stage at the makespan found (lexi.c); its own budget on top of the time limit */
static int run_peak(const struct ioa_inst *inst, const struct ioa_solve_opts *o,
		    struct ioa_result *res, struct ioa_err *err)
{
	struct ioa_peak_opts po = {
		.time_limit = stage_time(o),
		.max_wait = o->wait && !o->lateness ? &res->wait.after : NULL,
		.max_ilp_tasks = o->no_ilp ? -1 : o->max_ilp_tasks,
		.seed = o->seed,
		.log = o->log,
		.stop = o->stop,
	};
	int ret;

	if (o->lateness) {
		res->peak.how = IOA_PEAK_SKIP_OBJ;
		res->peak.after = ioa_peak(inst, res->start, res->peak.comp);
		return 0;
	}
	ret = ioa_peak_stage(inst, &po, res->start, &res->peak, err);
	res->makespan = ioa_makespan(inst, res->start);
	if (res->wait.how >= IOA_WAIT_UNCHANGED) /* the peak stage may have lowered it further */
		res->wait.after = ioa_total_wait(inst, res->start);
	if (o->log && res->peak.how >= IOA_PEAK_UNCHANGED)
		ioa_log(o->log, IOA_LOG_INFO,
			"peak stage: %d %% -> %d %% (bound %d), %s, %d probes\n", res->peak.before,
			res->peak.after, res->peak.bound, ioa_peak_how_name(res->peak.how),
			res->peak.probes);
	return ret;
}

/* the hint when it is a better start than the heuristic's (makespan, or lateness) */
static void take_hint(const struct ioa_inst *inst, const struct ioa_solve_opts *o,
		      struct ioa_result *res)
{
	int64_t ms;

	if (!o->hint || ioa_check(inst, o->hint, NULL, NULL))
		return;
	ms = ioa_makespan(inst, o->hint);
	if (o->lateness ? ioa_total_wait(inst, o->hint) >= ioa_total_wait(inst, res->start)
			: ms >= res->makespan)
		return;
	memcpy(res->start, o->hint, (size_t)inst->n * sizeof(int64_t));
	res->makespan = ms;
}

static void set_status(const struct ioa_solve_opts *o, double t0, struct ioa_result *res)
{
	if (!o->lateness) {
		res->objective = res->makespan;
		res->obj_bound = res->bound;
	}
	if (res->objective <= res->obj_bound)
		res->status = IOA_ST_OPTIMAL;
	else if ((o->stop && *o->stop) || (!o->no_ilp && time_left(o, t0) <= 0.05))
		res->status = IOA_ST_TIME_LIMIT;
	else
		res->status = IOA_ST_FEASIBLE;
	res->gap = res->objective > 0
			   ? (double)(res->objective - res->obj_bound) / (double)res->objective
			   : 0;
}

int ioa_solve(const struct ioa_inst *inst, const struct ioa_solve_opts *o, struct ioa_result *res,
	      struct ioa_err *err)
{
	double t0 = ioa_now();
	int ret, j;

	memset(res, 0, sizeof(*res));
	res->start = ioa_xcalloc((size_t)inst->n + 1, sizeof(int64_t));
	res->cpu = ioa_xmalloc((size_t)(inst->n + 1) * sizeof(int));
	for (j = 0; j < inst->n; j++)
		res->cpu[j] = IOA_NONE;
	res->bound = ioa_bounds_compute(inst, &res->bounds);
	ret = run_heuristic(inst, o, res, err);
	if (!ret)
		take_hint(inst, o, res);
	if (!ret && o->lateness) {
		res->obj_bound = ioa_total_wait_bound(inst);
		ret = improve_lateness(inst, o, t0, res);
	} else if (!ret && res->makespan > res->bound) {
		run_destructive(inst, o, t0, res);
		if (res->makespan > res->bound)
			ret = improve(inst, o, t0, res, err);
	}
	if (!ret && o->wait)
		ret = run_wait(inst, o, res, err);
	if (!ret && o->peak)
		ret = run_peak(inst, o, res, err);
	if (!ret && inst->pcpus > 0)
		ret = ioa_assign_cpus(inst, res->start, res->cpu, err);
	if (!ret)
		ret = ioa_check(inst, res->start, inst->pcpus > 0 ? res->cpu : NULL, err);
	set_status(o, t0, res);
	res->seconds = ioa_now() - t0;
	return ret;
}
