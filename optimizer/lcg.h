/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Lazy clause generation for the decision problems of the exact search (lcg.c): start-time
 * bounds with explained propagation and learnt nogoods. Internal to optimizer/.
 */
#ifndef IOA_LCG_H
#define IOA_LCG_H

#include <signal.h>

#include "prop.h"

struct ioa_lcg;

/* for @inst; @p gives the incompatible pairs (prop.c) and must outlive the solver */
struct ioa_lcg *ioa_lcg_new(const struct ioa_inst *inst, const struct ioa_prop *p);
void ioa_lcg_free(struct ioa_lcg *s);

/*
 * ioa_lcg_decide() - is there a schedule with every start inside the windows @es / @ls (the
 * root of "makespan <= @T", already propagated)? 1: yes, in @sol (passed ioa_check()); 0: no
 * (a proof); -1: out of time (@stop_at, @stop) or no longer asked (*@known, a makespan found
 * elsewhere, NULL for none, is <= T). Nogoods learnt under T stay for any T' <= T and are
 * dropped when T grows. @hint: a schedule to steer towards, or NULL. @nodes counts decisions.
 */
int ioa_lcg_decide(struct ioa_lcg *s, int64_t T, const int64_t *es, const int64_t *ls,
		   const int64_t *hint, double stop_at, const volatile sig_atomic_t *stop,
		   const int64_t *known, int64_t *sol, long *nodes);

/* nogoods stored now */
int ioa_lcg_nogoods(const struct ioa_lcg *s);

#endif
