/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Decoded events from several decoding threads to the one thread that models them, in one
 * time order. Each producer k delivers its own events already ordered by (ts, key); the
 * consumer takes, every time, the smallest (ts, key) among the producers' next events. When
 * the producers split the per-CPU streams of a file between them and key is the stream's
 * position in the order libtracecmd merges streams (buffer, then CPU), the consumer sees
 * exactly the sequence a single-threaded merge of all streams gives: both take, at every
 * step, the least of the streams' current heads.
 *
 * Events travel in batches through a bounded ring per producer, so memory stays flat however
 * long the file is, and a producer waits while its ring is full.
 */
#ifndef IOA_EVPIPE_H
#define IOA_EVPIPE_H

#include <stdint.h>

#include "event.h"

struct ioa_evitem {
	struct ioa_event ev;
	uint32_t key;	 /* the stream's merge position: ties on ts go to the smaller key */
	int id;		 /* the reader's event type id (names are per decoder) */
	int lost;	 /* events were lost on this stream just before this one */
	uint64_t missed; /* how many (0: unknown) */
};

struct ioa_evpipe;

/*
 * Start @n producer threads: produce(priv, k, pipe) runs on thread k, fills items with
 * ioa_evpipe_slot() + ioa_evpipe_put() in its order, and returns 0 or an error code.
 * Returns NULL when threads cannot be made (the caller then reads serially).
 */
struct ioa_evpipe *ioa_evpipe_start(int n, int (*produce)(void *priv, int k, struct ioa_evpipe *p),
				    void *priv);

/* producer k: the item to fill next */
struct ioa_evitem *ioa_evpipe_slot(struct ioa_evpipe *p, int k);
/* producer k: the slot is filled; non-zero when the consumer stopped (stop producing) */
int ioa_evpipe_put(struct ioa_evpipe *p, int k);

/* consumer: the next item in (ts, key) order, valid until the next call; NULL at the end */
const struct ioa_evitem *ioa_evpipe_next(struct ioa_evpipe *p, int *k);

/* consumer: stop early (producers end at their next put), wait for them, free; returns
 * the first producer's error or 0 */
int ioa_evpipe_finish(struct ioa_evpipe *p);

#endif
