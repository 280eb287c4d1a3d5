// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The GLPK adapter: the only file that includes <glpk.h>.
 *
 * Time-indexed "step" formulation on a grid of length g: y[j][t] = 1 when task j has started by
 * bucket t, for t in its window [E_j, L_j) (E from heads, L from the heuristic's makespan minus
 * tails; y = 0 before E_j, 1 from L_j on). Durations and releases are rounded UP to the grid, so
 * every grid schedule is feasible at full resolution; the bound is reported only when the grid
 * is exact (all durations and releases multiples of g). Rows:
 *   monotone    y[j][t] <= y[j][t+1]
 *   precedence  y[j][t] <= y[i][t - P_i]            (disaggregated, i -> j)
 *   resource    sum_j d_jk (y[j][t] - y[j][t - P_j]) <= C_k   per bucket
 * A virtual sink follows every task; the objective is its start (the makespan), whose window
 * starts at the combinatorial lower bound. GLPK facts that shape this file (OPTIMIZER.md):
 * presolve off and glp_simplex first, cuts on, the heuristic's 0/1 vector given once at
 * GLP_IHEUR, bound and incumbent read in the callback, terminal output through glp_term_hook,
 * the model validated before loading because GLPK aborts on invalid input.
 */
#include <glpk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "optimizer.h"

struct model {
	int nt; /* tasks + virtual sink */
	int64_t g;
	int64_t *E, *L, *P; /* per task, grid units */
	int *base;	    /* first column (0-based) of task j, -1 when fixed */
	int ncols;
	/* rows in CSR, 0-based columns */
	int nrows, ralloc;
	int *roff;
	double *rhs;
	int *ind;
	double *val;
	int64_t nnz, nalloc;
	int infeasible;		  /* a row without variables is violated by its constants */
	const int64_t *fixed;	  /* LNS: fixed tasks are context, not part of the makespan */
	const int64_t *wes, *wls; /* propagated start windows (full resolution) or NULL */
	int ucol;		  /* peak stage: column of U (0-based), -1 for the makespan model */
	int ulb;  /* peak stage: lower bound of U (rows never above it are dropped) */
	int ucap; /* peak stage: upper bound of U (the category capacity) */
	int wait; /* wait stage: min the sum of the tasks' starts, no sink */
};

struct cbctx {
	const struct ioa_ilp_opts *o;
	double *warm; /* 1-based 0/1 vector */
	int warm_given;
	double warm_obj;
	double deadline;
	double bound; /* best proven bound on the objective, grid units */
	double lbq;
};

const char *ioa_status_name(int status)
{
	static const char *const names[] = { "optimal", "feasible", "time_limit", "infeasible" };

	return status >= 0 && status <= IOA_ST_INFEASIBLE ? names[status] : "?";
}

static int64_t ceil_div(int64_t a, int64_t b)
{
	return a >= 0 ? (a + b - 1) / b : -((-a) / b);
}

/* Y_j(t): -1 when a variable (column in *col), else the constant 0 or 1 */
static int yval(const struct model *m, int j, int64_t t, int *col)
{
	if (t < m->E[j])
		return 0;
	if (t >= m->L[j])
		return 1;
	*col = m->base[j] + (int)(t - m->E[j]);
	return -1;
}

static void row_begin(struct model *m)
{
	if (m->nrows + 2 > m->ralloc) {
		m->ralloc = m->ralloc ? m->ralloc * 2 : 1024;
		m->roff = ioa_xrealloc(m->roff, (size_t)(m->ralloc + 1) * sizeof(int));
		m->rhs = ioa_xrealloc(m->rhs, (size_t)m->ralloc * sizeof(double));
	}
	m->roff[m->nrows] = (int)m->nnz;
}

static void row_add(struct model *m, int col, double v)
{
	if (m->nnz + 1 > m->nalloc) {
		m->nalloc = m->nalloc ? m->nalloc * 2 : 4096;
		m->ind = ioa_xrealloc(m->ind, (size_t)m->nalloc * sizeof(int));
		m->val = ioa_xrealloc(m->val, (size_t)m->nalloc * sizeof(double));
	}
	m->ind[m->nnz] = col;
	m->val[m->nnz++] = v;
}

static void row_end(struct model *m, double rhs)
{
	if (m->nnz == m->roff[m->nrows]) {
		/* constant row: nothing to load, but it may be violated (tightened horizon) */
		if (rhs < -1e-9)
			m->infeasible = 1;
		return;
	}
	m->rhs[m->nrows++] = rhs;
	m->roff[m->nrows] = (int)m->nnz;
}

static void model_release(struct model *m)
{
	free(m->E);
	free(m->L);
	free(m->P);
	free(m->base);
	free(m->roff);
	free(m->rhs);
	free(m->ind);
	free(m->val);
}

/* pred/succ of the virtual sink: every task precedes it */
static int model_windows(struct model *m, const struct ioa_inst *inst, const int64_t *wq, int64_t H,
			 int64_t lbq, const int64_t *fixed)
{
	int n = inst->n, i, e, j;
	int64_t *Q = ioa_xcalloc((size_t)n + 1, sizeof(int64_t));

	for (i = n - 1; i >= 0; i--) {
		j = inst->topo[i];
		for (e = inst->succ_off[j]; e < inst->succ_off[j + 1]; e++)
			Q[j] = IOA_MAX(Q[j], m->P[inst->succ[e]] + Q[inst->succ[e]]);
	}
	m->E[n] = lbq;
	for (i = 0; i < n; i++) {
		j = inst->topo[i];
		if (fixed && fixed[j] != IOA_UNSET) {
			m->E[j] = m->L[j] = fixed[j] / m->g;
		} else {
			m->E[j] = ceil_div(inst->task[j].release, m->g);
			for (e = inst->pred_off[j]; e < inst->pred_off[j + 1]; e++)
				m->E[j] =
					IOA_MAX(m->E[j], m->E[inst->pred[e]] + m->P[inst->pred[e]]);
			m->L[j] = H - m->P[j] - Q[j];
			if (inst->task[j].deadline != IOA_NONE)
				m->L[j] = IOA_MIN(m->L[j], inst->task[j].deadline / m->g - m->P[j]);
			if (m->wes) {
				m->E[j] = IOA_MAX(m->E[j], ceil_div(m->wes[j], m->g));
				m->L[j] = IOA_MIN(m->L[j], m->wls[j] / m->g);
			}
			/* the warm start stays inside the window (none when tightening) */
			if (wq) {
				m->E[j] = IOA_MIN(m->E[j], wq[j]);
				m->L[j] = IOA_MAX(m->L[j], wq[j]);
			}
			if (m->L[j] < m->E[j]) {
				free(Q);
				return -1;
			}
		}
		if (!fixed || fixed[j] == IOA_UNSET)
			m->E[n] = IOA_MAX(m->E[n], m->E[j] + m->P[j]);
	}
	if (!wq && m->E[n] > H) {
		free(Q);
		return -1;
	}
	m->L[n] = IOA_MAX(H, m->E[n]);
	m->ncols = 0;
	for (j = 0; j <= n; j++) {
		m->base[j] = m->E[j] < m->L[j] ? m->ncols : -1;
		m->ncols += (int)(m->L[j] - m->E[j]);
	}
	free(Q);
	return 0;
}

static void rows_monotone(struct model *m)
{
	int j;
	int64_t t;

	for (j = 0; j < m->nt; j++) {
		for (t = m->E[j]; t + 1 < m->L[j]; t++) {
			row_begin(m);
			row_add(m, m->base[j] + (int)(t - m->E[j]), 1);
			row_add(m, m->base[j] + (int)(t + 1 - m->E[j]), -1);
			row_end(m, 0);
		}
	}
}

/* y[j][t] <= y[i][t - P_i] for t in j's window */
static void rows_prec(struct model *m, int i, int j)
{
	int64_t t;
	int cj = 0, ci = 0;

	for (t = m->E[j]; t < m->L[j]; t++) {
		int yi = yval(m, i, t - m->P[i], &ci);

		if (yi == 1)
			break; /* i has surely started: no later bucket binds either */
		yval(m, j, t, &cj);
		row_begin(m);
		row_add(m, cj, 1);
		if (yi < 0)
			row_add(m, ci, -1);
		row_end(m, 0);
	}
}

static void rows_precedences(struct model *m, const struct ioa_inst *inst)
{
	int n = inst->n, j, e;

	for (j = 0; j < n; j++) {
		for (e = inst->succ_off[j]; e < inst->succ_off[j + 1]; e++)
			rows_prec(m, j, inst->succ[e]);
		if (inst->succ_off[j] == inst->succ_off[j + 1] &&
		    (!m->fixed || m->fixed[j] == IOA_UNSET))
			rows_prec(m, j, n);
	}
}

/* an I/O category resource of a vCPU instance (COMPUTE has none) */
static int is_cat(const struct ioa_inst *inst, int k)
{
	return inst->res_cat != IOA_NONE && k >= inst->res_cat && k < inst->res_cat + IOA_NCAT - 1;
}

/* one resource row at bucket t over the tasks in @who */
static void rows_bucket(struct model *m, const struct ioa_inst *inst, int k, int64_t t,
			const int *who, int nwho)
{
	int peak = m->ucol >= 0 && is_cat(inst, k);
	double rhs = peak ? 0 : inst->cap[k];
	int64_t maxuse = 0;
	int w, c1 = 0, c2 = 0;

	for (w = 0; w < nwho; w++) {
		int j = who[w];

		if (t >= m->E[j] && t < m->L[j] + m->P[j])
			maxuse += ioa_dem(inst, j, k);
	}
	if (maxuse <= (peak ? m->ulb : inst->cap[k]))
		return;
	row_begin(m);
	if (peak)
		row_add(m, m->ucol, -1); /* usage - U <= 0, U <= cap by its bound */
	for (w = 0; w < nwho; w++) {
		int j = who[w], d = ioa_dem(inst, j, k), a, b;

		if (t < m->E[j] || t >= m->L[j] + m->P[j])
			continue;
		a = yval(m, j, t, &c1);
		b = yval(m, j, t - m->P[j], &c2);
		rhs -= d * ((a < 0 ? 0 : a) - (b < 0 ? 0 : b));
		if (a < 0)
			row_add(m, c1, d);
		if (b < 0)
			row_add(m, c2, -d);
	}
	row_end(m, rhs);
}

static void rows_resources(struct model *m, const struct ioa_inst *inst)
{
	int *who = ioa_xmalloc((size_t)(inst->n + 1) * sizeof(int));
	int k, j, nwho;
	int64_t t, lo, hi;

	for (k = 0; k < inst->nres; k++) {
		nwho = 0;
		lo = INT64_MAX;
		hi = 0;
		for (j = 0; j < inst->n; j++) {
			if (ioa_dem(inst, j, k) <= 0 || m->P[j] <= 0)
				continue;
			who[nwho++] = j;
			lo = IOA_MIN(lo, m->E[j]);
			hi = IOA_MAX(hi, m->L[j] + m->P[j]);
		}
		for (t = lo; t < hi; t++)
			rows_bucket(m, inst, k, t, who, nwho);
	}
	free(who);
}

/* GLPK aborts on bad input: columns in range and distinct within a row, finite values */
static int model_validate(const struct model *m, struct ioa_err *err)
{
	char *seen = ioa_xcalloc((size_t)m->ncols + 1, 1);
	int r, ret = 0;
	int64_t e;

	for (r = 0; r < m->nrows && !ret; r++) {
		for (e = m->roff[r]; e < m->roff[r + 1] && !ret; e++) {
			if (m->ind[e] < 0 || m->ind[e] >= m->ncols || seen[m->ind[e]] ||
			    !isfinite(m->val[e]))
				ret = ioa_error(err, IOA_EINTERNAL, "ilp: row %d: bad entry", r);
			else
				seen[m->ind[e]] = 1;
		}
		for (e = m->roff[r]; e < m->roff[r + 1]; e++)
			if (m->ind[e] >= 0 && m->ind[e] < m->ncols)
				seen[m->ind[e]] = 0;
		if (!ret && !isfinite(m->rhs[r]))
			ret = ioa_error(err, IOA_EINTERNAL, "ilp: row %d: bad bound", r);
	}
	free(seen);
	return ret;
}

/* wait stage: sum over the tasks of S_j = L_j - sum of j's step variables (grid units) */
static void wait_objective(const struct model *m, glp_prob *lp)
{
	double k = 0;
	int j, c;

	for (j = 0; j < m->nt - 1; j++) {
		k += (double)m->L[j];
		for (c = 0; m->base[j] >= 0 && c < m->L[j] - m->E[j]; c++)
			glp_set_obj_coef(lp, m->base[j] + c + 1, -1);
	}
	glp_set_obj_coef(lp, 0, k);
}

static glp_prob *model_load(const struct model *m, int64_t ub)
{
	glp_prob *lp = glp_create_prob();
	int *ia = ioa_xmalloc((size_t)(m->nnz + 1) * sizeof(int));
	int *ja = ioa_xmalloc((size_t)(m->nnz + 1) * sizeof(int));
	double *ar = ioa_xmalloc((size_t)(m->nnz + 1) * sizeof(double));
	int r, c, sink = m->nt - 1;
	int64_t e;

	glp_set_obj_dir(lp, GLP_MIN);
	glp_add_cols(lp, m->ncols);
	for (c = 1; c <= m->ncols; c++)
		glp_set_col_kind(lp, c, GLP_BV);
	(void)ub;
	if (m->ucol >= 0) {
		/* peak stage: min U, continuous in [ulb, cap] (its bound is set by the caller) */
		glp_set_col_kind(lp, m->ucol + 1, GLP_CV);
		glp_set_col_bnds(lp, m->ucol + 1, m->ulb < m->ucap ? GLP_DB : GLP_FX, m->ulb,
				 m->ucap);
		glp_set_obj_coef(lp, m->ucol + 1, 1);
		sink = -1;
	}
	if (m->wait) {
		wait_objective(m, lp);
		sink = -1;
	}
	/* objective: S_sink = L_sink - sum of the sink's step variables */
	if (!m->wait)
		glp_set_obj_coef(lp, 0, sink >= 0 ? (double)m->L[sink] : 0);
	for (c = 0; sink >= 0 && m->base[sink] >= 0 && c < m->L[sink] - m->E[sink]; c++)
		glp_set_obj_coef(lp, m->base[sink] + c + 1, -1);
	if (m->nrows)
		glp_add_rows(lp, m->nrows);
	for (r = 0; r < m->nrows; r++) {
		glp_set_row_bnds(lp, r + 1, GLP_UP, 0, m->rhs[r]);
		for (e = m->roff[r]; e < m->roff[r + 1]; e++) {
			ia[e + 1] = r + 1;
			ja[e + 1] = m->ind[e] + 1;
			ar[e + 1] = m->val[e];
		}
	}
	glp_load_matrix(lp, (int)m->nnz, ia, ja, ar);
	free(ia);
	free(ja);
	free(ar);
	return lp;
}

static int term_hook(void *info, const char *s)
{
	const struct ioa_log *log = info;

	if (log)
		ioa_log(log, IOA_LOG_DEBUG, "glpk: %s", s);
	return 1; /* never print */
}

static void callback(glp_tree *tree, void *info)
{
	struct cbctx *c = info;
	glp_prob *p = glp_ios_get_prob(tree);
	int node;

	if (glp_ios_reason(tree) == GLP_IHEUR && !c->warm_given) {
		c->warm_given = 1;
		glp_ios_heur_sol(tree, c->warm);
	}
	node = glp_ios_best_node(tree);
	if (node)
		c->bound = fmax(c->bound, glp_ios_node_bound(tree, node));
	if (glp_mip_status(p) == GLP_FEAS &&
	    glp_mip_obj_val(p) <= ceil(fmax(c->bound, c->lbq) - 1e-6) + 1e-6)
		glp_ios_terminate(tree);
	else if (ioa_now() > c->deadline || (c->o->stop && *c->o->stop))
		glp_ios_terminate(tree);
}

static int ms_left(double deadline)
{
	double left = deadline - ioa_now();

	return left <= 0 ? 1 : left > 1e6 ? INT32_MAX : (int)(left * 1000) + 1;
}

/* run GLPK; returns the GLPK MIP status (GLP_UNDEF when nothing was found) */
static int run_glpk(glp_prob *lp, struct cbctx *c)
{
	glp_smcp smcp;
	glp_iocp iocp;

	glp_init_smcp(&smcp);
	smcp.msg_lev = GLP_MSG_OFF;
	smcp.tm_lim = ms_left(c->deadline);
	if (glp_simplex(lp, &smcp))
		return GLP_UNDEF;
	if (glp_get_status(lp) == GLP_NOFEAS)
		return GLP_NOFEAS;
	if (glp_get_status(lp) != GLP_OPT)
		return GLP_UNDEF;
	c->bound = fmax(c->bound, glp_get_obj_val(lp));
	if (ceil(c->bound - 1e-6) >= c->warm_obj)
		return GLP_UNDEF; /* the LP bound already proves the warm start */
	glp_init_iocp(&iocp);
	iocp.msg_lev = GLP_MSG_OFF;
	iocp.presolve = GLP_OFF;
	iocp.gmi_cuts = iocp.mir_cuts = iocp.cov_cuts = iocp.clq_cuts = GLP_ON;
	iocp.tm_lim = ms_left(c->deadline);
	iocp.cb_func = callback;
	iocp.cb_info = c;
	glp_intopt(lp, &iocp);
	return glp_mip_status(lp);
}

static int64_t choose_grid(const struct ioa_inst *inst, const int64_t *warm,
			   const struct ioa_ilp_opts *o)
{
	int64_t H = ioa_makespan(inst, warm), maxb = o->max_buckets > 0 ? o->max_buckets : 300;

	if (o->grid > 0)
		return o->grid;
	return IOA_MAX(1, ceil_div(H, maxb));
}

static int grid_exact(const struct ioa_inst *inst, const int64_t *warm, int64_t g)
{
	int j;

	for (j = 0; j < inst->n; j++)
		if (inst->task[j].dur % g || inst->task[j].release % g || warm[j] % g ||
		    (inst->task[j].deadline != IOA_NONE && inst->task[j].deadline % g))
			return 0;
	return 1;
}

/* a grid-feasible warm start: the warm schedule itself when aligned, else SSGS on the grid */
static void grid_warm(const struct ioa_inst *inst, const int64_t *warm, struct model *m,
		      int aligned, int64_t *wq)
{
	struct ioa_inst q = *inst;
	int *list;
	int j;

	if (aligned) {
		for (j = 0; j < inst->n; j++)
			wq[j] = warm[j] / m->g;
		return;
	}
	q.task = ioa_xmalloc((size_t)(inst->n + 1) * sizeof(*q.task));
	list = ioa_xmalloc((size_t)(inst->n + 1) * sizeof(int));
	for (j = 0; j < inst->n; j++) {
		q.task[j] = inst->task[j];
		q.task[j].dur = m->P[j];
		q.task[j].release = ceil_div(inst->task[j].release, m->g);
	}
	ioa_list_by_key(inst, warm, list);
	ioa_ssgs_list(&q, list, wq);
	free(list);
	free(q.task);
}

static void model_alloc(struct model *m, const struct ioa_inst *inst, int64_t g)
{
	int j, n = inst->n;

	memset(m, 0, sizeof(*m));
	m->ucol = -1;
	m->nt = n + 1;
	m->g = g;
	m->E = ioa_xcalloc((size_t)n + 1, sizeof(int64_t));
	m->L = ioa_xcalloc((size_t)n + 1, sizeof(int64_t));
	m->P = ioa_xcalloc((size_t)n + 1, sizeof(int64_t));
	m->base = ioa_xcalloc((size_t)n + 1, sizeof(int));
	for (j = 0; j < n; j++)
		m->P[j] = ceil_div(inst->task[j].dur, g);
}

int64_t ioa_ilp_estimate(const struct ioa_inst *inst, int64_t ub, int64_t grid)
{
	int64_t *head = ioa_xmalloc((size_t)(inst->n + 1) * sizeof(int64_t));
	int64_t *tail = ioa_xmalloc((size_t)(inst->n + 1) * sizeof(int64_t));
	int64_t nz = 0, w;
	int j, k, deg;

	ioa_heads(inst, head);
	ioa_tails(inst, tail);
	for (j = 0; j < inst->n; j++) {
		w = ceil_div(IOA_MAX(0, ub - inst->task[j].dur - tail[j] - head[j]), grid) + 1;
		deg = 2 + inst->succ_off[j + 1] - inst->succ_off[j] + inst->pred_off[j + 1] -
		      inst->pred_off[j];
		for (k = 0; k < inst->nres; k++)
			deg += 2 * (ioa_dem(inst, j, k) > 0);
		nz += w * deg;
	}
	free(head);
	free(tail);
	return nz;
}

/* the makespan over the tasks that are not fixed (all of them without LNS) */
static int64_t free_makespan(const struct ioa_inst *inst, const int64_t *start,
			     const int64_t *fixed)
{
	int64_t ms = 0;
	int j;

	for (j = 0; j < inst->n; j++)
		if (!fixed || fixed[j] == IOA_UNSET)
			ms = IOA_MAX(ms, start[j] + inst->task[j].dur);
	return ms;
}

/* the grid solution back to full resolution; returns the makespan */
static int64_t extract(const struct model *m, const struct ioa_inst *inst, glp_prob *lp,
		       const int64_t *fixed, int64_t *start)
{
	int j, c;

	for (j = 0; j < inst->n; j++) {
		int64_t s = m->L[j];

		for (c = 0; m->base[j] >= 0 && c < m->L[j] - m->E[j]; c++)
			s -= glp_mip_col_val(lp, m->base[j] + c + 1) > 0.5;
		start[j] = fixed && fixed[j] != IOA_UNSET ? fixed[j] : s * m->g;
	}
	return free_makespan(inst, start, fixed);
}

static int64_t grid_makespan(const struct model *m, const int64_t *wq, int n)
{
	int64_t h = 0;
	int j;

	for (j = 0; j < n; j++)
		h = IOA_MAX(h, wq[j] + m->P[j]);
	return h;
}

static double *warm_vector(const struct model *m, const int64_t *wq, int64_t H)
{
	double *x = ioa_xcalloc((size_t)m->ncols + 1, sizeof(double));
	int j;
	int64_t t, s;

	for (j = 0; j < m->nt; j++) {
		s = j < m->nt - 1 ? wq[j] : H;
		for (t = m->E[j]; m->base[j] >= 0 && t < m->L[j]; t++)
			x[m->base[j] + (t - m->E[j]) + 1] = t >= s;
	}
	return x;
}

/* the model's only point, when no window has a choice left: taken when better and checked */
static void fixed_point(const struct model *m, const struct ioa_inst *inst, const int64_t *fixed,
			int64_t *s, int64_t *start, struct ioa_ilp_out *out)
{
	int64_t ms = extract(m, inst, NULL, fixed, s); /* GLPK is not asked: no columns */

	if (ms < out->makespan && !ioa_check(inst, s, NULL, NULL)) {
		memcpy(start, s, (size_t)inst->n * sizeof(int64_t));
		out->makespan = ms;
	}
}

/*
 * The bound at full resolution (valid only on an exact grid); optimal iff met. A bound of the
 * model holds for the schedules it contains, those of makespan <= its horizon (H - 1 when
 * tightened, H otherwise): every other schedule ends at H or later. So the makespan is at least
 * min(model bound, H), and never more than a schedule found. GLPK's best-node bound is no
 * bound on anything outside the model: once a tightened model has no solution, its nodes'
 * bounds climb past the horizon (24 on a 22 optimum), which used to be reported as proven.
 */
static void ilp_finish(struct ioa_ilp_out *out, const struct cbctx *c, int exact, int64_t lb,
		       double gridbound, int64_t H)
{
	int64_t b = (int64_t)ceil(fmax(gridbound, fmax(c->bound, c->lbq)) - 1e-6);

	b = IOA_MIN(b, H);
	out->bound = exact ? IOA_MAX(lb, IOA_MIN(b * out->grid, out->makespan)) : lb;
	out->status = out->makespan <= out->bound ? IOA_ST_OPTIMAL : IOA_ST_TIME_LIMIT;
}

int ioa_ilp_solve(const struct ioa_inst *inst, const int64_t *warm, int64_t lb,
		  const struct ioa_ilp_opts *o, int64_t *start, struct ioa_ilp_out *out,
		  struct ioa_err *err)
{
	struct model m;
	struct cbctx c = { .o = o };
	int64_t g = choose_grid(inst, warm, o), H, *wq, ms;
	int exact = grid_exact(inst, warm, g), ret = 0, st, tight;
	double t0 = ioa_now();
	glp_prob *lp;

	memset(out, 0, sizeof(*out));
	out->grid = g;
	model_alloc(&m, inst, g);
	m.fixed = o->fixed;
	wq = ioa_xmalloc((size_t)(inst->n + 1) * sizeof(int64_t));
	grid_warm(inst, warm, &m, exact, wq);
	H = grid_makespan(&m, wq, inst->n);
	c.lbq = (double)ceil_div(lb, g);
	c.bound = c.lbq;
	c.warm_obj = (double)H;
	c.deadline = t0 + (o->time_limit > 0 ? o->time_limit : 1e9);
	memcpy(start, warm, (size_t)inst->n * sizeof(int64_t));
	out->makespan = free_makespan(inst, warm, o->fixed);
	out->rounding_loss = H * g - out->makespan;
	/* exact grid: ask for a schedule of makespan <= H - 1; infeasible proves H */
	tight = exact && !o->fixed && H - 1 >= (int64_t)c.lbq;
	if (tight && o->win_es && o->win_ls && (H - 1) * g <= o->win_T) {
		m.wes = o->win_es;
		m.wls = o->win_ls;
	}
	if (H <= (int64_t)c.lbq || model_windows(&m, inst, tight ? NULL : wq, tight ? H - 1 : H,
						 (int64_t)c.lbq, o->fixed)) {
		ilp_finish(out, &c, exact, lb, (double)H, H);
		goto out;
	}
	rows_monotone(&m);
	rows_precedences(&m, inst);
	rows_resources(&m, inst);
	out->rows = m.nrows;
	out->cols = m.ncols;
	out->nonzeros = m.nnz;
	ret = model_validate(&m, err);
	if (ret)
		goto out;
	if (m.infeasible) {
		/* only a tightened model can be infeasible: H is optimal on the grid */
		ilp_finish(out, &c, exact, lb, tight ? (double)H : 0, H);
		goto out;
	}
	if (!m.ncols) {
		/* every window is one bucket (GLPK aborts on a model without columns) */
		fixed_point(&m, inst, o->fixed, wq, start, out);
		ilp_finish(out, &c, exact, lb, (double)m.L[m.nt - 1], H);
		goto out;
	}
	glp_term_hook(term_hook, (void *)o->log);
	lp = model_load(&m, H);
	c.warm = warm_vector(&m, wq, H);
	c.warm_given = tight;
	c.warm_obj = tight ? 1e30 : (double)H;
	st = run_glpk(lp, &c);
	if (st == GLP_OPT || st == GLP_FEAS) {
		ms = extract(&m, inst, lp, o->fixed, wq);
		if (ms < out->makespan && !ioa_check(inst, wq, NULL, NULL)) {
			memcpy(start, wq, (size_t)inst->n * sizeof(int64_t));
			out->makespan = ms;
		}
	}
	ilp_finish(out, &c, exact, lb,
		   st == GLP_OPT	       ? glp_mip_obj_val(lp)
		   : st == GLP_NOFEAS && tight ? (double)H
					       : 0,
		   H);
	free(c.warm);
	glp_delete_prob(lp);
	glp_term_hook(NULL, NULL);
	glp_free_env();
out:
	out->seconds = ioa_now() - t0;
	free(wq);
	model_release(&m);
	return ret;
}

/*
 * The peak stage (lexicographic second objective of vCPU overlap instances): one continuous
 * U >= the usage of every I/O category in every bucket, makespan <= cmax through the windows,
 * objective min U. Only on the exact grid g = gcd of releases and durations: flooring every
 * start of any schedule to the grid keeps precedences, releases and makespan and never raises
 * a usage (the tasks of a bucket all run at its last instant before), so the grid optimum is
 * the optimum.
 */
static int64_t gcd64(int64_t a, int64_t b)
{
	while (b) {
		int64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

int64_t ioa_peak_grid(const struct ioa_inst *inst)
{
	int64_t g = 0;
	int j;

	for (j = 0; j < inst->n; j++) {
		g = gcd64(g, inst->task[j].release);
		g = gcd64(g, inst->task[j].dur);
		if (inst->task[j].deadline != IOA_NONE)
			g = gcd64(g, inst->task[j].deadline);
	}
	return g > 0 ? g : 1;
}

static int peak_build(struct model *m, const struct ioa_inst *inst, const int64_t *wq, int64_t H,
		      int ulb, struct ioa_err *err)
{
	if (model_windows(m, inst, wq, H, 0, NULL))
		return ioa_error(err, IOA_EINTERNAL, "ilp peak: empty window");
	m->ucol = m->ncols++;
	m->ulb = ulb;
	m->ucap = inst->cat_cap;
	rows_monotone(m);
	rows_precedences(m, inst);
	rows_resources(m, inst);
	return model_validate(m, err);
}

/*
 * GLPK on a built second-stage model; a checked solution goes into @start when @better (is it
 * better for the stage?) says 1
 */
static void stage_run(struct model *m, const struct ioa_inst *inst, const int64_t *wq, int64_t H,
		      struct cbctx *c,
		      int (*better)(const struct ioa_inst *inst, const int64_t *s, void *arg),
		      void *arg, int64_t *start)
{
	glp_prob *lp;
	int64_t *s = ioa_xmalloc((size_t)(inst->n + 1) * sizeof(int64_t));
	int st;

	glp_term_hook(term_hook, (void *)c->o->log);
	lp = model_load(m, H);
	c->warm = warm_vector(m, wq, H);
	if (m->ucol >= 0)
		c->warm[m->ucol + 1] = c->warm_obj;
	st = run_glpk(lp, c);
	if (st == GLP_OPT || st == GLP_FEAS) {
		extract(m, inst, lp, NULL, s);
		if (!ioa_check(inst, s, NULL, NULL) && better(inst, s, arg))
			memcpy(start, s, (size_t)inst->n * sizeof(int64_t));
		if (st == GLP_OPT)
			c->bound = fmax(c->bound, glp_mip_obj_val(lp));
	}
	free(c->warm);
	free(s);
	glp_delete_prob(lp);
	glp_term_hook(NULL, NULL);
	glp_free_env();
}

struct peak_arg {
	int64_t cmax;
	struct ioa_ilp_peak_out *out;
};

static int peak_better(const struct ioa_inst *inst, const int64_t *s, void *arg)
{
	struct peak_arg *a = arg;
	int pk = ioa_peak(inst, s, NULL);

	if (pk >= a->out->peak || ioa_makespan(inst, s) > a->cmax)
		return 0;
	a->out->peak = pk;
	return 1;
}

int ioa_ilp_peak(const struct ioa_inst *inst, const int64_t *warm, int64_t cmax, int ulb,
		 const struct ioa_ilp_opts *o, int64_t *start, struct ioa_ilp_peak_out *out,
		 struct ioa_err *err)
{
	struct model m;
	struct cbctx c = { .o = o };
	int64_t g = ioa_peak_grid(inst), *wq;
	double t0 = ioa_now();
	int j, ret;

	memset(out, 0, sizeof(*out));
	out->grid = g;
	out->peak = ioa_peak(inst, warm, NULL);
	memcpy(start, warm, (size_t)inst->n * sizeof(int64_t));
	model_alloc(&m, inst, g);
	wq = ioa_xmalloc((size_t)(inst->n + 1) * sizeof(int64_t));
	for (j = 0; j < inst->n; j++)
		wq[j] = warm[j] / g; /* floored: still feasible, see above */
	ret = peak_build(&m, inst, wq, cmax / g, ulb, err);
	out->rows = m.nrows;
	out->cols = m.ncols;
	c.lbq = c.bound = ulb;
	c.warm_obj = out->peak;
	c.deadline = t0 + (o->time_limit > 0 ? o->time_limit : 1e9);
	if (!ret && !m.infeasible && out->peak > ulb)
		stage_run(&m, inst, wq, cmax / g, &c, peak_better,
			  &(struct peak_arg){ ioa_makespan(inst, warm), out }, start);
	out->bound = (int)IOA_MIN(out->peak, ceil(fmax(c.bound, c.lbq) - 1e-6));
	out->status = out->peak <= out->bound ? IOA_ST_OPTIMAL : IOA_ST_TIME_LIMIT;
	out->seconds = ioa_now() - t0;
	free(wq);
	model_release(&m);
	return ret;
}

/* --- the wait stage's exact model: min sum of starts at makespan <= cmax --- */

static int64_t sum_starts(const struct ioa_inst *inst, const int64_t *start)
{
	int64_t v = 0;
	int j;

	for (j = 0; j < inst->n; j++)
		v += start[j];
	return v;
}

struct wait_arg {
	int64_t cmax, starts; /* makespan limit, sum of the incumbent's starts */
};

static int wait_better(const struct ioa_inst *inst, const int64_t *s, void *arg)
{
	struct wait_arg *a = arg;

	return sum_starts(inst, s) < a->starts && ioa_makespan(inst, s) <= a->cmax;
}

int ioa_ilp_wait(const struct ioa_inst *inst, const int64_t *warm, int64_t cmax,
		 const struct ioa_ilp_opts *o, int64_t *start, struct ioa_ilp_wait_out *out,
		 struct ioa_err *err)
{
	struct model m;
	struct cbctx c = { .o = o };
	int64_t g = ioa_peak_grid(inst), *wq, lbq = 0, rel = 0;
	double t0 = ioa_now();
	int j, ret = 0;

	memset(out, 0, sizeof(*out));
	out->grid = g;
	memcpy(start, warm, (size_t)inst->n * sizeof(int64_t));
	model_alloc(&m, inst, g);
	m.wait = 1;
	wq = ioa_xmalloc((size_t)(inst->n + 1) * sizeof(int64_t));
	for (j = 0; j < inst->n; j++) {
		wq[j] = warm[j] / g; /* exact: starts of a semi-active schedule are on the grid */
		c.warm_obj += (double)wq[j];
		rel += inst->task[j].release;
	}
	if (model_windows(&m, inst, wq, cmax / g, 0, NULL))
		ret = ioa_error(err, IOA_EINTERNAL, "ilp wait: empty window");
	for (j = 0; !ret && j < inst->n; j++)
		lbq += m.E[j];
	if (!ret) {
		rows_monotone(&m);
		rows_precedences(&m, inst);
		rows_resources(&m, inst);
		ret = model_validate(&m, err);
	}
	out->rows = m.nrows;
	out->cols = m.ncols;
	c.lbq = c.bound = (double)lbq;
	c.deadline = t0 + (o->time_limit > 0 ? o->time_limit : 1e9);
	if (!ret && !m.infeasible && c.warm_obj > (double)lbq)
		stage_run(&m, inst, wq, cmax / g, &c, wait_better,
			  &(struct wait_arg){ cmax, sum_starts(inst, start) }, start);
	out->wait = sum_starts(inst, start) - rel;
	out->bound = IOA_MIN(out->wait, (int64_t)ceil(fmax(c.bound, c.lbq) - 1e-6) * g - rel);
	out->status = out->wait <= out->bound ? IOA_ST_OPTIMAL : IOA_ST_TIME_LIMIT;
	out->seconds = ioa_now() - t0;
	free(wq);
	model_release(&m);
	return ret;
}
