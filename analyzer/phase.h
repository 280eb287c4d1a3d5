/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Phases of one vCPU's timeline (pure, no SQL, no library): the segments are split into runs
 * ("phases") that each carry one I/O category or none, by a Viterbi pass over the segments'
 * own evidence with a cost for every change of phase.
 *
 * Every segment i covers the time from the end of the previous segment to its own end (dt_i,
 * the first one its own duration), so the phases tile the vCPU's timeline, sleep included,
 * and holds ev_i[c] evidence events of each I/O category c. A labelling costs
 *
 *     sum over segments in an I/O phase of category c:  rate * dt_i - ev_i[c]
 *   + cost * (number of phase changes)
 *
 * (segments in a phase without I/O cost 0). So a stretch becomes an I/O phase of category c
 * when its events of c come at more than @rate per second, and a phase must earn @cost events
 * more than it pays to be worth a change: gaps shorter than 2 * cost / rate inside a phase do
 * not split it, and short bursts of evidence do not make a phase of their own. This is the
 * penalised likelihood of a two-level Poisson model (events of c at a high rate inside a
 * c phase, at a low rate elsewhere) with the log rate ratio as the unit of evidence.
 *
 * A change of I/O category (a phase of c followed by one of c', with or without a phase
 * without I/O between them) costs @sw * cost: a vCPU pauses its I/O far more often than it
 * turns to another component.
 *
 * Every phase lasts at least @min_ns, except the first and the last one (the trace window may
 * have cut them): the phases the labels are for last far longer than the bursts of another
 * category's evidence that a vCPU shows while it does its own I/O (a helper that serves every
 * vCPU, like QEMU's main loop, kicked by a lock hand-off, wakes a vCPU and sends the other
 * vCPU's packets). A cost per change in events cannot tell such a burst from a phase: where a
 * vCPU brings thousands of events per second, a few ms of them outweigh any cost that still
 * lets a real phase change happen; a duration can. (A semi-Markov model with a lower bound on
 * the duration and no other duration preference: the Viterbi runs over phases, and since the
 * starts far enough back only grow with the segment, the cheapest of them is a running minimum
 * per state.)
 *
 * Time O(n * S^2), memory n * S * 5 bytes of back pointers (S = 2 * IOA_CAT_IO_NR + 1
 * states: where the phase ending at a segment started, and the state before the phase
 * starting at it), plus S doubles per segment of the last min_ns.
 */
#ifndef IOA_PHASE_H
#define IOA_PHASE_H

#include <stddef.h>
#include <stdint.h>

#include "devmap.h"

struct ioa_phase_seg {
	uint64_t start, end;
	float ev[IOA_CAT_IO_NR]; /* evidence events of each I/O category */
};

struct ioa_phase_params {
	double rate;	 /* events per second an I/O phase must sustain (> 0) */
	double cost;	 /* cost of a phase change, in events (>= 0) */
	double sw;	 /* a change of I/O category costs sw * cost (>= 2: two changes) */
	uint64_t min_ns; /* a phase lasts this long unless it begins or ends the timeline */
};

/* one phase: segments [first, first + n) */
struct ioa_phase {
	size_t first, n;
	int cat;		  /* I/O category, IOA_CAT_NONE: no I/O phase */
	uint64_t start, end;	  /* time it covers: previous segment's end .. last segment's end */
	double ev[IOA_CAT_IO_NR]; /* its evidence events per category */
};

/**
 * ioa_phase_split() - the cheapest labelling of @n segments (in time order, not overlapping)
 * @out: allocated, @*nout phases in time order; free() it (NULL when n == 0)
 */
void ioa_phase_split(const struct ioa_phase_seg *s, size_t n, const struct ioa_phase_params *p,
		     struct ioa_phase **out, size_t *nout);

/** ioa_phase_rate() - events of @cat per second in phase @ph */
double ioa_phase_rate(const struct ioa_phase *ph, int cat);

#endif
